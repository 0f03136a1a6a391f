import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { BIN, cleanEnv, type CliResult } from './run-cli.js';

// Helpers for the launch tests: real processes, inspected through /proc (no procps needed; this
// kernel has no /proc/<pid>/task/<tid>/children, so children are found by scanning every stat file).

export interface ProcInfo {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  tpgid: number;
  argv: string[];
}

export const procInfo = (pid: number): ProcInfo | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the parenthesised command name: state ppid pgrp session tty_nr tpgid ...
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
    return { pid, state: f[0]!, ppid: Number(f[1]), pgrp: Number(f[2]), session: Number(f[3]), tpgid: Number(f[5]), argv };
  } catch {
    return undefined; // gone between readdir and read
  }
};

export const allProcs = (): ProcInfo[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procInfo(Number(name)))
    .filter((p): p is ProcInfo => p !== undefined);

export const childrenOf = (pid: number): ProcInfo[] => allProcs().filter((p) => p.ppid === pid);

export const descendantsOf = (pid: number): ProcInfo[] => {
  const procs = allProcs();
  const found: ProcInfo[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const p of procs) {
      if (p.ppid === parent) {
        found.push(p);
        queue.push(p.pid);
      }
    }
  }
  return found;
};

// kill(pid, 0) also succeeds on a zombie: "gone" means reaped, not merely dead.
export const exists = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export const killQuietly = (pid: number, signal: NodeJS.Signals = 'SIGKILL'): void => {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
};

// Polls a condition until it holds (returns something other than undefined/false) or the deadline
// passes; the deadline is a hang guard, never a timing assertion.
export const waitFor = async <T>(probe: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
};

export const readLines = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
    : [];

// Every started process leads its own process group (detached); whatever is left of a group when a
// test ends (a trapping child that outlived a failed assertion, an orphan) is killed, and so are the
// groups its descendants lead (a --watch command runs in a group of its own).
const groups = new Set<number>();
const strays = new Set<number>();
afterEach(() => {
  for (const pgid of groups) for (const p of descendantsOf(pgid)) killQuietly(-p.pid);
  for (const pgid of groups) killQuietly(-pgid);
  for (const pid of strays) killQuietly(pid);
  groups.clear();
  strays.clear();
});

// A pid to SIGKILL after the test even if it left its process group (re-parented orphans).
export const reapAfterTest = (pid: number): void => {
  strays.add(pid);
};

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Started {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  // Resolves on 'exit': the process was reaped (its pipes may still be held open by others).
  exited: Promise<Exit>;
  // Resolves on 'close': exited and every holder of its stdout/stderr is gone.
  closed: Promise<CliResult>;
  waitForStdout(text: string, timeoutMs?: number): Promise<void>;
}

export interface StartOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
}

// Starts FILE detached (own session and process group, no terminal), with a clean environment and
// piped stdout/stderr. The clean env is the one runCli uses.
export const start = (file: string, args: readonly string[], options: StartOptions): Started => {
  const child = spawn(file, args, { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  groups.add(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const closed = new Promise<CliResult>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    pid: child.pid,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    closed,
    waitForStdout: async (text, timeoutMs) => {
      await waitFor(() => stdout.includes(text) || child.exitCode !== null || child.signalCode !== null, `'${text}' on stdout`, timeoutMs);
      if (!stdout.includes(text)) throw new Error(`exited before printing '${text}'; stdout: ${stdout}; stderr: ${stderr}`);
    },
  };
};

// The real bin, as a user would run it.
export const startCli = (args: readonly string[], options: StartOptions): Started => start(BIN, args, options);

// A child of `parent` whose argv satisfies `match` (a path fragment, or a predicate on argv). Match
// on what only the exec'd program has (e.g. argv[1] === script): between fork and exec a child
// still shows its parent's argv, and a signal sent then may race the parent's own set-up.
export const waitForChild = (parent: number, match: string | ((argv: string[]) => boolean)): Promise<ProcInfo> => {
  const test = typeof match === 'string' ? (argv: string[]) => argv.some((arg) => arg.includes(match)) : match;
  return waitFor(() => childrenOf(parent).find((p) => test(p.argv)), `a child of ${parent} matching ${String(match)}`);
};
