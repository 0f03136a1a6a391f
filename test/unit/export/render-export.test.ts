import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { MASK, dotenvQuote, exportedVars, renderDotenv, renderJson } from '../../../src/export/render-export.js';

const hard = [
  '',
  'plain',
  ' leading and trailing ',
  'with # hash and $HOME and ${X}',
  'back\\slash and \\n literal',
  'line one\nline two\n',
  "single ' quote",
  'double " quote',
  'both \' and " quotes\nand a newline',
  'unicode é ✓ 🙂',
  'carriage\r\nreturn',
  'ends with backslash\\',
  '=starts with equals',
];

describe('dotenvQuote', () => {
  it.each(hard)('round-trips %j through dotenv.parse', (value) => {
    const quoted = dotenvQuote(value);
    expect(quoted).toBeDefined();
    expect(parse(`K=${quoted}\n`).K).toBe(value);
  });

  it('refuses what no dotenv quoting carries exactly', () => {
    expect(dotenvQuote('all \' " ` three')).toBeUndefined();
    expect(dotenvQuote('cr\r and "quote"')).toBeUndefined();
    expect(dotenvQuote('cr\r and literal \\n')).toBeUndefined();
  });
});

describe('renderDotenv', () => {
  it('round-trips a whole file, and leaves out what it cannot write', () => {
    const vars = hard.map((v, i): [string, string] => [`K${i}`, v]);
    const { text, left } = renderDotenv([...vars, ['BAD', 'a\'"`'], ['bad name', 'x']], true);
    expect(parse(text)).toEqual(Object.fromEntries(vars));
    expect(left).toEqual(['BAD', 'bad name']);
  });

  it('masks every value, whatever its length, without --reveal', () => {
    const { text } = renderDotenv(
      [
        ['A', 'x'],
        ['B', 'a much longer secret value'],
      ],
      false,
    );
    expect(text).toBe(`A=${MASK}\nB=${MASK}\n`);
  });
});

describe('renderJson', () => {
  it('round-trips through JSON.parse, and masks without --reveal', () => {
    const vars = hard.map((v, i): [string, string] => [`K${i}`, v]);
    expect(JSON.parse(renderJson(vars, true).text)).toEqual(Object.fromEntries(vars));
    expect(JSON.parse(renderJson([['__proto__', 'v']], false).text)).toEqual(JSON.parse(`{"__proto__":"${MASK}"}`));
  });
});

describe('exportedVars', () => {
  it('keeps what the run adds or changes, never an unchanged inherited variable or a bootstrap one', () => {
    const child = { PATH: '/bin', ADDED: 'a', CHANGED: 'new', INFISICAL_CLIENT_SECRET: 's', INFISICAL_ADDR: 'http://x' };
    const inherited = { PATH: '/bin', CHANGED: 'old' };
    expect(exportedVars(child, inherited)).toEqual([
      ['ADDED', 'a'],
      ['CHANGED', 'new'],
    ]);
  });
});
