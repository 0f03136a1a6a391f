import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { formatValue, mergeEnvText, type EnvUpdate } from '../../../src/provision/merge-env-file.js';

const fill = (key: string, value: string): EnvUpdate => ({ key, value, replace: false });
const replace = (key: string, value: string): EnvUpdate => ({ key, value, replace: true });
const HEADER = '# Infisical machine identity (secrets-run provision)';

describe('mergeEnvText: only absent or empty keys filled, everything else byte for byte', () => {
  it('an absent file gets the keys under one comment line', () => {
    expect(mergeEnvText('', [fill('A', '1'), fill('B', 'x')])).toEqual({ text: `${HEADER}\nA=1\nB=x\n`, written: ['A', 'B'] });
  });

  it('keeps comments, other keys, blank lines and order; appends after a last line without a newline', () => {
    const text = '# top\n\nOTHER=keep # note\nexport X="q"';
    const merged = mergeEnvText(text, [fill('A', 'v')]);
    expect(merged.text).toBe(`${text}\n${HEADER}\nA=v\n`);
  });

  it('an empty value is filled in place, and its comment and export prefix stay', () => {
    const text = '# mine\nexport INFISICAL_CLIENT_ID=   # fill me\nAFTER=1\n';
    expect(mergeEnvText(text, [fill('INFISICAL_CLIENT_ID', 'abc')]).text).toBe('# mine\nexport INFISICAL_CLIENT_ID=abc   # fill me\nAFTER=1\n');
  });

  it('an empty value followed by a comment line: the comment line stays (dotenv’s pattern runs across it)', () => {
    const text = 'A=\n# keep this\nB=2\n';
    expect(mergeEnvText(text, [fill('A', 'v')]).text).toBe('A=v\n# keep this\nB=2\n');
  });

  it('a non-empty value is left alone unless replace is asked for', () => {
    const text = 'A=old\nB=\n';
    expect(mergeEnvText(text, [fill('A', 'new'), fill('B', 'b')])).toEqual({ text: 'A=old\nB=b\n', written: ['B'] });
    expect(mergeEnvText(text, [replace('A', 'new')])).toEqual({ text: 'A=new\nB=\n', written: ['A'] });
  });

  it('replaces a quoted value whole, and the last of several assignments (the one dotenv reads)', () => {
    expect(mergeEnvText('A="old value" # c\n', [replace('A', 'new')]).text).toBe('A=new # c\n');
    expect(mergeEnvText('A=first\nA=\n', [fill('A', 'v')]).text).toBe('A=first\nA=v\n');
  });

  it('the same value already there is no write', () => {
    expect(mergeEnvText('A=v\n', [replace('A', 'v')])).toEqual({ text: 'A=v\n', written: [] });
  });

  it('CRLF files get CRLF lines', () => {
    expect(mergeEnvText('X=1\r\n', [fill('A', 'v')]).text).toBe(`X=1\r\n${HEADER}\r\nA=v\r\n`);
  });

  it('every merge reads back through dotenv as asked, whatever the file held', () => {
    const files = ['', 'A=', 'A= ', "A=''", 'A=""\n', 'A:\n', '  A = \n', 'B=1\nA=\nC=3', 'A=x\nA=\n# c\n', 'A="multi\nline"\nB=2\n'];
    for (const text of files) {
      const merged = mergeEnvText(text, [replace('A', 'http://h:1/p?q=1'), fill('B', 'b')]);
      const read = parse(merged.text);
      expect(read['A'], JSON.stringify(text)).toBe('http://h:1/p?q=1');
      if (!/^B=1|\nB=/.test(text)) expect(read['B']).toBe('b');
    }
  });

  it('values that need quotes get single quotes; a quote or line break is refused', () => {
    expect(formatValue('a b#c')).toBe("'a b#c'");
    expect(formatValue('0f3a-UUID_ok.:/')).toBe('0f3a-UUID_ok.:/');
    expect(() => formatValue("it's")).toThrow();
    expect(() => formatValue('a\nb')).toThrow();
  });
});
