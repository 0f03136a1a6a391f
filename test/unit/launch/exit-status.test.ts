import { describe, expect, it } from 'vitest';
import { exitStatusFor, shouldReraise } from '../../../src/launch/exit-status.js';

describe('exit status', () => {
  it.each([
    [{ code: 0, signal: null }, 0],
    [{ code: 3, signal: null }, 3],
    [{ code: 255, signal: null }, 255],
    [{ code: null, signal: 'SIGTERM' }, 143],
    [{ code: null, signal: 'SIGKILL' }, 137],
    [{ code: null, signal: 'SIGINT' }, 130],
    [{ code: null, signal: 'SIGSEGV' }, 139],
    [{ code: null, signal: 'SIGPIPE' }, 141],
  ] as const)('%o → %i', (end, status) => {
    expect(exitStatusFor(end as Parameters<typeof exitStatusFor>[0])).toBe(status);
  });

  it('re-raises ordinary signals, never as PID 1, never a core-dumping one', () => {
    expect(shouldReraise('SIGTERM', 4242)).toBe(true);
    expect(shouldReraise('SIGKILL', 4242)).toBe(true);
    expect(shouldReraise('SIGTERM', 1)).toBe(false);
    expect(shouldReraise('SIGQUIT', 4242)).toBe(false);
    expect(shouldReraise('SIGSEGV', 4242)).toBe(false);
  });
});
