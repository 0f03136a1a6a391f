import { describe, expect, it } from 'vitest';
import { EXEC_HEADROOM, environmentRoom, execLimitFor, stackLimitFrom } from '../../../src/launch/exec-limit.js';

const KIB = 1024;
const MIB = KIB * KIB;
const limits = (soft: string): string =>
  `Limit                     Soft Limit           Hard Limit           Units\nMax cpu time              unlimited            unlimited            seconds\nMax stack size            ${soft}              unlimited            bytes\n`;

describe('the system limit on environment and arguments (fs/exec.c bprm_stack_limits)', () => {
  it('is a quarter of the stack limit, at most 6 MiB, at least 128 KiB', () => {
    expect(execLimitFor(8 * MIB)).toBe(2 * MIB);
    expect(execLimitFor(Infinity)).toBe(6 * MIB);
    expect(execLimitFor(64 * MIB)).toBe(6 * MIB);
    expect(execLimitFor(256 * KIB)).toBe(128 * KIB);
  });

  it('reads the soft stack limit from /proc/self/limits', () => {
    expect(stackLimitFrom(limits('8388608'))).toBe(8 * MIB);
    expect(stackLimitFrom(limits('unlimited'))).toBe(Infinity);
    expect(stackLimitFrom('nothing here')).toBeUndefined();
  });

  it('leaves the environment the limit less the argv (strings, NULs, pointers) and the headroom', () => {
    const read = (): string => limits('8388608');
    // "true" + NUL + pointer = 13; "a" + NUL + pointer = 10.
    expect(environmentRoom({ file: 'true', args: ['a'] }, { platform: 'linux', readLimits: read })).toBe(2 * MIB - 13 - 10 - EXEC_HEADROOM);
    // /bin/sh -c STRING: 16 + 11 + 12.
    expect(environmentRoom({ shell: 'echo' }, { platform: 'linux', readLimits: read })).toBe(2 * MIB - 16 - 11 - 13 - EXEC_HEADROOM);
  });

  it('assumes the default 8 MiB stack without /proc, and checks nothing off Linux', () => {
    const fail = (): string => {
      throw new Error('ENOENT');
    };
    expect(environmentRoom({ file: 'x', args: [] }, { platform: 'linux', readLimits: fail })).toBe(2 * MIB - 10 - EXEC_HEADROOM);
    expect(environmentRoom({ file: 'x', args: [] }, { platform: 'darwin', readLimits: fail })).toBeUndefined();
  });
});
