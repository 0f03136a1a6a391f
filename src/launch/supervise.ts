import type { ChildProcess, SpawnOptions } from 'node:child_process';
import crossSpawn from 'cross-spawn';
import { onExit as signalExitOnExit } from 'signal-exit';
import type { ChildEnd } from './exit-status.js';
import { isTerminalForeground as defaultIsTerminalForeground } from './foreground.js';
import { forwardSignals } from './forward-signals.js';
import { markLaunched } from './pre-launch.js';
import {
  spawnFailure,
  spawnTarget,
  type LaunchDeps,
  type LaunchTarget,
  type OnExitFn,
  type OutputFilter,
  type SpawnFn,
  type ChildOutput,
} from './spawn-child.js';

export interface SuperviseOptions {
  stopSignal: NodeJS.Signals;
  stopTimeoutMs: number;
  // Each command in a process group of its own, so a restart's stop signal reaches what it started
  // (`sh -c`, npm). Only without a terminal: a terminal's job control needs the command in ours.
  ownGroup: boolean;
  mask?: OutputFilter;
}

export interface Supervisor {
  // The run's end: the command exited by itself, or after a stop signal secrets-run was sent.
  ended: Promise<ChildEnd>;
  // Stops the command (its group), SIGKILL after the timeout, waits for it, and starts it again with
  // `env`. False when the run is ending instead: a stop signal arrived meanwhile (the old command's
  // status is the run's), or the command had already exited by itself.
  restart(env: Record<string, string>): Promise<boolean>;
}

// Signals that end the run: one arriving while a restart is under way cancels the restart.
const ENDING: ReadonlySet<NodeJS.Signals> = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT']);

interface Running {
  child: ChildProcess;
  exited: Promise<ChildEnd>; // exited, and its output (under --mask) written
}

// A signal to the command, or to its whole group when it has one of its own.
const signalCommand = (child: ChildProcess | undefined, signal: NodeJS.Signals, ownGroup: boolean): void => {
  if (child?.pid === undefined) return;
  try {
    if (ownGroup) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
};

// Stops the command (its group), SIGKILL after the timeout; its end, once exited and its output written.
const stopCommand = async (running: Running, options: SuperviseOptions): Promise<ChildEnd> => {
  signalCommand(running.child, options.stopSignal, options.ownGroup);
  const kill = setTimeout(() => signalCommand(running.child, 'SIGKILL', options.ownGroup), options.stopTimeoutMs);
  const end = await running.exited;
  clearTimeout(kill);
  return end;
};

// One command started; settles once it runs (or could not be started, as launchChild says it).
const startCommand = (
  spawn: SpawnFn,
  target: LaunchTarget,
  childEnv: Record<string, string>,
  options: SuperviseOptions,
  platform: NodeJS.Platform | undefined,
  output: ChildOutput | undefined,
): Promise<Running> =>
  new Promise((resolve, reject) => {
    const spawnOptions: SpawnOptions = {
      stdio: output?.stdio ?? 'inherit',
      env: childEnv,
      detached: options.ownGroup,
    };
    let child: ChildProcess;
    try {
      child = spawnTarget(spawn, target, spawnOptions, platform);
    } catch (error) {
      output?.close();
      return reject(spawnFailure(target, error as NodeJS.ErrnoException, childEnv));
    }
    const reading = output?.attach(child);
    const exited = new Promise<ChildEnd>((resolveExit) =>
      child.once('exit', (code, signal) => {
        const end: ChildEnd = signal !== null ? { code: null, signal } : { code: code ?? 0, signal: null };
        void (reading?.drained() ?? Promise.resolve()).then(() => resolveExit(end));
      }),
    );
    child.once('spawn', () => resolve({ child, exited }));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) reject(spawnFailure(target, error, childEnv));
    });
  });

// --watch: one command at a time, restarted on request. One set of signal forwarders for the whole
// run, relaying to whichever command is current (Infisical's CLI added one per restart). Rejects, as
// launchChild does, when the first command cannot be started.
export const superviseChild = async (
  target: LaunchTarget,
  env: Record<string, string>,
  options: SuperviseOptions,
  deps: LaunchDeps = {},
): Promise<Supervisor> => {
  const spawn = deps.spawn ?? (crossSpawn as unknown as SpawnFn);
  const proc = deps.process ?? process;
  const onExit = deps.onExit ?? (signalExitOnExit as OnExitFn);
  const firstOutput = await options.mask?.prepare(env); // while a signal still ends the wrapper (pre-launch.ts)
  if (proc === process) markLaunched();
  let current: Running | undefined;
  let ending = false; // a stop signal arrived: no new command starts
  let restarting = false;
  let done = false;
  let settle!: { resolve: (end: ChildEnd) => void; reject: (error: unknown) => void };
  const ended = new Promise<ChildEnd>((resolve, reject) => (settle = { resolve, reject }));

  // A stop signal relayed to the command ends the run. One the terminal (or Windows' console) gave the
  // command itself is not relayed; it ends the run only during a restart (a REPL may keep running).
  const endOn = (always: boolean) => (signal: NodeJS.Signals) => void (ending ||= (always || restarting) && ENDING.has(signal));
  const stopForwarding = forwardSignals({
    process: proc,
    child: { kill: (signal) => current?.child.kill(signal) ?? false },
    platform: deps.platform,
    onForward: endOn(true),
    onReceive: endOn(false),
    isTerminalForeground: deps.isTerminalForeground ?? (() => defaultIsTerminalForeground(current?.child.pid)),
  });
  const removeExitHook = onExit((_code, signal) => {
    if (done) return;
    signalCommand(current?.child, signal ?? 'SIGTERM', options.ownGroup);
    return signal !== null ? true : undefined;
  });
  const finish = (end: ChildEnd | { error: unknown }): void => {
    if (done) return;
    done = true;
    stopForwarding();
    removeExitHook();
    if ('error' in end) settle.reject(end.error);
    else settle.resolve(end);
  };

  // The current command ending by itself ends the run; one stopped for a restart does not.
  const follow = (running: Running): void =>
    void running.exited.then((end) => {
      if (running === current && !restarting) finish(end);
    });

  try {
    current = await startCommand(spawn, target, env, options, deps.platform, firstOutput);
  } catch (error) {
    finish({ error });
    throw error;
  }
  follow(current);

  const restart = async (next: Record<string, string>): Promise<boolean> => {
    if (done || ending || current === undefined) return false;
    restarting = true;
    const end = await stopCommand(current, options);
    try {
      // A stop signal may arrive while the old command stops, or while the new one's output is prepared.
      const output = ending ? undefined : await options.mask?.prepare(next);
      if (ending) {
        output?.close();
        finish(end);
        return false;
      }
      current = await startCommand(spawn, target, next, options, deps.platform, output);
    } catch (error) {
      finish({ error });
      return false;
    }
    restarting = false;
    follow(current);
    return true;
  };
  return { ended, restart };
};
