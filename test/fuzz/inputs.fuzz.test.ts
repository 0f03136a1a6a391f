import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/settings/config-file.js';
import { loadEnvFiles } from '../../src/sources/env-files.js';
import { isSecretsRunError } from '../../src/errors.js';
import { BadResponseError, parseLoginBody, parseSecretsBody } from '../../src/infisical/routes/parse-secrets.js';
import { makeTree } from '../helpers/tree.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe('env-file loader', () => {
  it('never throws on arbitrary bytes, and every value is a string', () => {
    const root = makeTree({});
    const file = join(root, 'fuzz.env');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        writeFileSync(file, bytes);
        const layers = loadEnvFiles([{ path: 'fuzz.env', explicit: true }], root);
        for (const value of Object.values(layers[0]!.vars)) expect(typeof value).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('config file', () => {
  const check = (root: string, text: string | Uint8Array): void => {
    writeFileSync(join(root, 'cfg.yaml'), text);
    try {
      readConfigFile('cfg.yaml', root);
    } catch (error) {
      // The only way out is a classified configuration error naming the file.
      expect(isSecretsRunError(error) && error.code).toBe('CONFIG_INVALID');
      expect((error as Error).message.startsWith('config file cfg.yaml')).toBe(true);
    }
  };

  it('arbitrary bytes give a setting layer or CONFIG_INVALID (exit 125), never a crash', () => {
    const root = makeTree({});
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => check(root, bytes)),
      { numRuns: RUNS },
    );
  });

  it('arbitrary mappings of the known keys', () => {
    const key = fc.constantFrom(
      'contracts',
      'service',
      'environment',
      'require',
      'override',
      'scrubBootstrap',
      'envFiles',
      'transports',
      'aliases',
      'timeout',
      'other',
    );
    const root = makeTree({});
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue()), (obj) => check(root, JSON.stringify(obj))),
      { numRuns: RUNS },
    );
  });
});

describe('Infisical response parser', () => {
  const classified = (body: string): void => {
    try {
      const folder = parseSecretsBody(body);
      for (const [key, value] of folder.values) {
        expect(typeof key).toBe('string');
        expect(typeof value).toBe('string');
      }
    } catch (error) {
      expect(error).toBeInstanceOf(BadResponseError);
    }
  };

  it('arbitrary JSON gives values or a BadResponseError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => classified(JSON.stringify(value))),
      { numRuns: RUNS },
    );
  });

  it('arbitrary text gives a BadResponseError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => classified(text)),
      { numRuns: RUNS },
    );
  });

  it('near-valid shapes: secrets and imports with arbitrary members', () => {
    const secret = fc.record(
      {
        secretKey: fc.oneof(fc.string(), fc.jsonValue()),
        secretValue: fc.oneof(fc.string(), fc.jsonValue()),
        type: fc.constantFrom('shared', 'personal', 5),
        secretValueHidden: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const body = fc.record(
      {
        secrets: fc.oneof(fc.array(secret), fc.jsonValue()),
        imports: fc.oneof(fc.array(fc.record({ secrets: fc.array(secret) }, { requiredKeys: [] })), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(body, (b) => classified(JSON.stringify(b))),
      { numRuns: RUNS },
    );
  });

  it('login bodies: a token or a BadResponseError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          expect(typeof parseLoginBody(JSON.stringify(value)).accessToken).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(BadResponseError);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
