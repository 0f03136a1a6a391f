import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createReporter, wantsColour } from '../../../src/cli/reporter.js';

const sink = (isTTY: boolean) => {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  Object.assign(stream, { isTTY });
  return { stream, lines };
};

describe('colour', () => {
  it('FORCE_COLOR forces it, NO_COLOR turns it off, else a terminal that is not dumb', () => {
    expect(wantsColour({}, true)).toBe(true);
    expect(wantsColour({}, false)).toBe(false);
    expect(wantsColour({ TERM: 'dumb' }, true)).toBe(false);
    expect(wantsColour({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColour({ NO_COLOR: '' }, true)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: '0' }, true)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: 'false' }, false)).toBe(false);
  });

  it('colours only the label, after the sanitizer: an escape sequence in a message stays escaped', () => {
    const { stream, lines } = sink(true);
    const reporter = createReporter(() => stream, { quiet: false, verbose: false }, {});
    reporter.error('error: bad \x1b[31mname');
    reporter.warn('warning: careful');
    reporter.info('1 key from Infisical');
    expect(lines).toEqual([
      'secrets-run: \x1b[1;31merror:\x1b[0m bad \\x1b[31mname\n',
      'secrets-run: \x1b[33mwarning:\x1b[0m careful\n',
      'secrets-run: 1 key from Infisical\n',
    ]);
    const plain = sink(false);
    createReporter(() => plain.stream, { quiet: false, verbose: false }, {}).error('error: x');
    expect(plain.lines).toEqual(['secrets-run: error: x\n']);
  });
});
