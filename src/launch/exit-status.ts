import { constants } from 'node:os';

export type ChildEnd = { code: number; signal: null } | { code: null; signal: NodeJS.Signals };

export const signalNumber = (signal: NodeJS.Signals): number => constants.signals[signal] ?? 0;

// The shell's convention (and tini's): a child killed by signal N is reported as 128 + N.
export const exitStatusFor = (end: ChildEnd): number => (end.signal === null ? end.code : 128 + signalNumber(end.signal));

// Re-raising these would make the wrapper dump core a second time; the wrapper exits 128+N instead.
// Grouped by what they are, a group a line (not one name a line).
// prettier-ignore
const CORE_DUMPING: ReadonlySet<string> = new Set([
  'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGIOT', 'SIGBUS', 'SIGFPE', 'SIGSEGV', 'SIGXCPU', 'SIGXFSZ', 'SIGSYS',
]);

// PID 1 gets no default signal actions from the kernel, so a re-raise would be ignored there. Windows
// has no death by signal to pass on: a "re-raise" would be TerminateProcess, status 1.
export const shouldReraise = (signal: NodeJS.Signals, pid: number, platform: NodeJS.Platform = process.platform): boolean =>
  platform !== 'win32' && pid !== 1 && !CORE_DUMPING.has(signal);
