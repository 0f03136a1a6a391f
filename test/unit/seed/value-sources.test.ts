import { describe, expect, it } from 'vitest';
import { isPlaceholder, mergeValueSources } from '../../../src/seed/value-sources.js';

describe('value sources', () => {
  it('takes later files over earlier ones, and names the file', () => {
    const merged = mergeValueSources({
      files: [
        { name: '.env', values: { A: 'a1', B: 'b1' } },
        { name: '.env.local', values: { A: 'a2' } },
      ],
    });
    expect(merged.get('A')).toEqual({ value: 'a2', source: '.env.local' });
    expect(merged.get('B')).toEqual({ value: 'b1', source: '.env' });
  });

  it('reads the environment only when given, above the files, as run ranks it', () => {
    const files = [{ name: '.env', values: { A: 'file', B: 'file' } }];
    expect(mergeValueSources({ files }).has('PATH_X')).toBe(false);
    const merged = mergeValueSources({ files, environment: { A: 'env', PATH_X: '/bin', GONE: undefined } });
    expect(merged.get('A')).toEqual({ value: 'env', source: 'environment' });
    expect(merged.get('B')).toEqual({ value: 'file', source: '.env' });
    expect(merged.get('PATH_X')).toEqual({ value: '/bin', source: 'environment' });
    expect(merged.has('GONE')).toBe(false);
  });

  it('never lets an empty value hide a non-empty one from a lower source', () => {
    const merged = mergeValueSources({
      files: [
        { name: '.env', values: { A: 'real', B: '' } },
        { name: 'empty.env', values: { A: '' } },
      ],
      environment: { A: '', C: '' },
    });
    expect(merged.get('A')).toEqual({ value: 'real', source: '.env' });
    expect(merged.get('B')).toEqual({ value: '', source: '.env' });
    expect(merged.get('C')).toEqual({ value: '', source: 'environment' });
  });
});

describe('placeholder values', () => {
  it.each([
    '__REPLACE_WITH_PASSWORD__',
    '__REPLACE_ME__',
    '__TODO__',
    'changeme',
    'CHANGEME',
    'ChangeMe',
    'change_me',
    'change-me',
    '<your-password>',
    '<db host>',
    'TODO',
    'todo',
    'FIXME',
    'TBD',
    'xxx',
    'XXXXXXXX',
    '  changeme  ',
  ])('%j is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([
    '',
    'p@ss#1',
    'localhost',
    'xx',
    'xxxa',
    'changemeplease',
    'todo-list-db',
    '<a><b>',
    '__init__py',
    '${POSTGRES_PASSWORD}',
    'postgres://user:<pw>@host/db',
    'a__REPLACE__',
  ])('%j is a value', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });
});
