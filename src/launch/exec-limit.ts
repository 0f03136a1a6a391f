import { readFileSync } from 'node:fs';
import { POINTER_BYTES } from '../util/env-value.js';
import { shellInvocation } from './platform-shell.js';
import type { LaunchTarget } from './spawn-child.js';

const KIB = 1024;
const STK_LIM = 8 * KIB * KIB; // the kernel's default stack limit, _STK_LIM
const ARG_MAX_FLOOR = 32 * 4 * KIB; // ARG_MAX: 32 pages, the least any stack limit gives
// What the kernel copies beside argv and envp and counts against the same limit: the path it was asked
// to run (up to PATH_MAX, 4 KiB), and for a #! script its interpreter, the interpreter's argument and
// the script's path again; with room to spare, since a command that does not start is worse than a
// few KiB of room not used.
export const EXEC_HEADROOM = 16 * KIB;

// Linux's limit on argv and envp together, strings and pointers (fs/exec.c, bprm_stack_limits): a
// quarter of the stack's soft limit, at most three quarters of _STK_LIM (6 MiB, also for an unlimited
// stack) and at least ARG_MAX. `getconf ARG_MAX` prints the quarter without the cap. The child gets our
// limits (spawn changes none), so ours decide for it.
export const execLimitFor = (stackSoftLimit: number): number => Math.max(ARG_MAX_FLOOR, Math.min((STK_LIM / 4) * 3, Math.floor(stackSoftLimit / 4)));

// "Max stack size            8388608              unlimited            bytes" in /proc/self/limits.
export const stackLimitFrom = (limits: string): number | undefined => {
  const soft = /^Max stack size\s+(\S+)/m.exec(limits)?.[1];
  if (soft === 'unlimited') return Infinity;
  return soft !== undefined && /^\d+$/.test(soft) ? Number(soft) : undefined;
};

// The argv the kernel gets (Linux only, so the shell is /bin/sh -c STRING).
const argvOf = (target: LaunchTarget): string[] => {
  if (!('shell' in target)) return [target.file, ...target.args];
  const { file, args } = shellInvocation(target.shell, 'linux');
  return [file, ...args];
};

export interface ExecLimitDeps {
  platform?: NodeJS.Platform;
  readLimits?: () => string;
}

// The bytes the command's environment may take (its strings, their NULs and pointers), or undefined
// where no limit is checked: the numbers are Linux's; elsewhere a spawn that fails with E2BIG is said
// as such. Without /proc (a sandbox), the default 8 MiB stack is assumed: a limit of 2 MiB.
export const environmentRoom = (target: LaunchTarget, deps: ExecLimitDeps = {}): number | undefined => {
  if ((deps.platform ?? process.platform) !== 'linux') return undefined;
  let stack: number | undefined;
  try {
    stack = stackLimitFrom((deps.readLimits ?? (() => readFileSync('/proc/self/limits', 'utf8')))());
  } catch {
    // unreadable: the default below
  }
  const argvBytes = argvOf(target).reduce((sum, arg) => sum + Buffer.byteLength(arg) + 1 + POINTER_BYTES, 0);
  return execLimitFor(stack ?? STK_LIM) - argvBytes - EXEC_HEADROOM;
};
