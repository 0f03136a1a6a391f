import { describe, expect, it } from 'vitest';
import { loadEnvFiles, mergeEnvFileLayers } from '../../../src/sources/env-files.js';
import { readBootstrap } from '../../../src/sources/read-bootstrap.js';
import { isSecretsRunError } from '../../../src/errors.js';
import { makeTree } from '../../helpers/tree.js';

describe('env files', () => {
  it('a variable named __proto__ (or constructor) is read like any other, not lost to the object it is parsed into', () => {
    const root = makeTree({ '.env': '__proto__=proto-value\nexport __proto__ = later\nconstructor=ctor\nA=1\n' });
    const [layer] = loadEnvFiles([{ path: '.env', explicit: true }], root);
    expect(Object.entries(layer!.vars)).toEqual([
      ['__proto__', 'later'],
      ['constructor', 'ctor'],
      ['A', '1'],
    ]);
    expect(mergeEnvFileLayers([layer!]).get('__proto__')).toEqual({ value: 'later', file: '.env' });
  });

  it('later files win among files, and each value remembers its file', () => {
    const root = makeTree({ 'a.env': 'A=1\nB=from-a\n', 'b.env': 'B=from-b\nC=3\n' });
    const merged = mergeEnvFileLayers(
      loadEnvFiles(
        [
          { path: 'a.env', explicit: true },
          { path: 'b.env', explicit: true },
        ],
        root,
      ),
    );
    expect(Object.fromEntries(merged)).toEqual({
      A: { value: '1', file: 'a.env' },
      B: { value: 'from-b', file: 'b.env' },
      C: { value: '3', file: 'b.env' },
    });
  });

  it('does no $VAR expansion', () => {
    const root = makeTree({ '.env': 'A=1\nB=${A}-$A\n' });
    expect(mergeEnvFileLayers(loadEnvFiles([{ path: '.env', explicit: false }], root)).get('B')?.value).toBe('${A}-$A');
  });

  it('a missing default .env is skipped; a missing explicit file is an error naming it', () => {
    const root = makeTree({ 'sub/x': '' });
    expect(loadEnvFiles([{ path: '.env', explicit: false }], root)).toEqual([]);
    // A virtualenv named .env (python -m venv .env) is not an env file: skipped unless named.
    const venv = makeTree({ '.env/bin/python': '', '.env/pyvenv.cfg': 'home = /usr/bin\n' });
    expect(loadEnvFiles([{ path: '.env', explicit: false }], venv)).toEqual([]);
    expect(() => loadEnvFiles([{ path: '.env', explicit: true }], venv)).toThrow('env file .env: is a directory');
    for (const [path, message] of [
      ['missing.env', 'env file missing.env: not found'],
      ['sub', 'env file sub: is a directory'],
    ]) {
      try {
        loadEnvFiles([{ path: path!, explicit: true }], root);
        throw new Error('expected failure');
      } catch (error) {
        expect(isSecretsRunError(error) && [error.code, error.message, error.exitCode]).toEqual(['ENV_FILE_UNREADABLE', message, 125]);
      }
    }
  });
});

describe('bootstrap variables', () => {
  const files = new Map([
    ['INFISICAL_ADDR', { value: 'http://from-file', file: '.env' }],
    ['INFISICAL_CLIENT_ID', { value: 'id-from-file', file: '.env' }],
    ['INFISICAL_ENV', { value: 'staging', file: 'b.env' }],
  ]);

  it('inherited environment first, then env files', () => {
    const b = readBootstrap({ INFISICAL_ADDR: 'http://from-env' }, files);
    expect(b.addr).toEqual({ value: 'http://from-env', name: 'INFISICAL_ADDR', source: { kind: 'environment' } });
    expect(b.clientId).toEqual({ value: 'id-from-file', name: 'INFISICAL_CLIENT_ID', source: { kind: 'env-file', file: '.env' } });
    expect(b.environment).toEqual({ value: 'staging', name: 'INFISICAL_ENV', source: { kind: 'env-file', file: 'b.env' } });
    expect(b.clientSecret).toBeUndefined();
  });

  it('aliases: INFISICAL_API_URL and INFISICAL_ENV; the canonical name wins within a source', () => {
    expect(readBootstrap({ INFISICAL_API_URL: 'http://alias' }, new Map()).addr?.name).toBe('INFISICAL_API_URL');
    expect(readBootstrap({ INFISICAL_API_URL: 'http://alias', INFISICAL_ADDR: 'http://canon' }, new Map()).addr?.value).toBe('http://canon');
    // An alias in the environment still beats the canonical name in a file.
    expect(readBootstrap({ INFISICAL_API_URL: 'http://alias' }, files).addr?.value).toBe('http://alias');
  });

  it('an empty value counts as unset', () => {
    expect(readBootstrap({ INFISICAL_ADDR: '' }, new Map()).addr).toBeUndefined();
    expect(readBootstrap({ INFISICAL_ADDR: ' ' }, files).addr?.value).toBe('http://from-file');
  });
});
