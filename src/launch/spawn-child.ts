import type { ChildProcess, SpawnOptions, StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import crossSpawn from 'cross-spawn';
import { onExit as signalExitOnExit } from 'signal-exit';
import { EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND, EXIT_WRAPPER_FAILED, SecretsRunError } from '../errors.js';
import { POINTER_BYTES, variableBytes } from '../util/env-value.js';
import type { ChildEnd } from './exit-status.js';
import { isTerminalForeground as defaultIsTerminalForeground } from './foreground.js';
import { forwardSignals, type SignalSource } from './forward-signals.js';
import { shellInvocation } from './platform-shell.js';

// What passes the command's stdout and stderr through secrets-run (--mask): prepared before each start,
// it says what the command is given for them, reads them once it runs, and says when they have
// drained. Given by the caller, from a chunk of its own, so a run without it loads none of it.
export interface ChildOutput {
  stdio: StdioOptions;
  attach(child: ChildProcess): { drained(): Promise<void> };
  close(): void; // the command was not started after all
}
export interface OutputFilter {
  prepare(env: Record<string, string>): Promise<ChildOutput>; // for a command started with `env`
}
import { markLaunched } from './pre-launch.js';
import { trace } from '../util/trace.js';

export type LaunchTarget = { file: string; args: readonly string[] } | { shell: string };

export type SpawnFn = (file: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
export type OnExitFn = (cb: (code: number | null | undefined, signal: NodeJS.Signals | null) => boolean | void) => () => void;

export interface LaunchDeps {
  spawn?: SpawnFn;
  process?: SignalSource;
  onExit?: OnExitFn;
  isTerminalForeground?: () => boolean;
  platform?: NodeJS.Platform;
}

// The one place a target becomes a spawn: a --command through the platform's shell.
export const spawnTarget = (spawn: SpawnFn, target: LaunchTarget, options: SpawnOptions, platform?: NodeJS.Platform): ChildProcess => {
  if (!('shell' in target)) return spawn(target.file, target.args, options);
  const { file, args, windowsVerbatimArguments } = shellInvocation(target.shell, platform);
  return spawn(file, args, windowsVerbatimArguments ? { ...options, windowsVerbatimArguments } : options);
};

const describe = (target: LaunchTarget): string => ('shell' in target ? 'the shell' : target.file);

// ENOENT for a command that exists (as a path, or a file in a PATH directory): the kernel could not
// find what the file needs to run, most often the interpreter on its #! line. Still 127, as shells
// give it, but not "not found". Only looked at once the start has failed.
const missingWhatItNeeds = (target: LaunchTarget, env: Record<string, string>): boolean => {
  if ('shell' in target) return false;
  if (target.file.includes('/')) return existsSync(target.file);
  return (env['PATH'] ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, target.file)));
};

const kib = (bytes: number): string => `${Math.ceil(bytes / 1024)} KiB`;

// E2BIG: the kernel refused the environment and arguments as too large. The command is fine, so not
// 126 ("found but could not be executed"): secrets-run could not start it (125), and says with what.
// What usually stays this large is the inherited environment or an argument (one over 128 KiB, say):
// the values secrets-run adds were fitted to the limit before the spawn (merge/fit-environment.ts).
const tooLarge = (target: LaunchTarget, error: NodeJS.ErrnoException, env: Record<string, string>): SecretsRunError => {
  const envBytes = Object.entries(env).reduce((sum, [name, value]) => sum + variableBytes(name, value) + POINTER_BYTES, 0);
  const args = 'shell' in target ? [target.shell] : target.args;
  const argBytes = args.reduce((sum, arg) => sum + Buffer.byteLength(arg) + 1 + POINTER_BYTES, 0);
  return new SecretsRunError(
    'ENVIRONMENT_TOO_LARGE',
    `cannot start ${describe(target)}: the system refused its environment and arguments as too large (E2BIG): ` +
      `the environment takes ${kib(envBytes)} in ${Object.keys(env).length} variables, the arguments ${kib(argBytes)}`,
    {
      exitCode: EXIT_WRAPPER_FAILED,
      cause: error,
      hint: 'each variable and argument may take at most 128 KiB, and all together about a quarter of the stack limit (ulimit -s)',
    },
  );
};

// cross-spawn reports a failed exec through 'error' (Node throws some at once); ENOENT means not found,
// E2BIG too large, anything else means found but not runnable (EACCES for a file without the x bit or a
// directory).
export const spawnFailure = (target: LaunchTarget, error: NodeJS.ErrnoException, env: Record<string, string>): SecretsRunError => {
  if (error.code === 'E2BIG') return tooLarge(target, error, env);
  if (error.code === 'ENOENT') {
    const interpreter = missingWhatItNeeds(target, env);
    return new SecretsRunError(
      'COMMAND_NOT_FOUND',
      interpreter
        ? `cannot execute ${describe(target)}: a file it needs was not found (the interpreter on its #! line?)`
        : `command not found: ${describe(target)}`,
      { exitCode: EXIT_NOT_FOUND, cause: error, hint: interpreter ? 'install the program its #! line names, or correct that line' : undefined },
    );
  }
  return new SecretsRunError(
    error.code === 'EACCES' ? 'COMMAND_NOT_EXECUTABLE' : 'SPAWN_FAILED',
    `cannot execute ${describe(target)}: ${error.code === 'EACCES' ? 'permission denied' : (error.code ?? 'spawn failed')}`,
    { exitCode: EXIT_NOT_EXECUTABLE, cause: error },
  );
};
// Starts the child with the terminal's stdio and the merged environment, relays signals to it, and
// settles only once it has exited: the wrapper never ends before its child.
// `output` is prepared by the caller before: until markLaunched() a signal ends the wrapper (pre-launch.ts).
export const launchChild = (target: LaunchTarget, env: Record<string, string>, deps: LaunchDeps = {}, output?: ChildOutput): Promise<ChildEnd> => {
  const spawn = deps.spawn ?? (crossSpawn as unknown as SpawnFn);
  const proc = deps.process ?? process;
  const onExit = deps.onExit ?? (signalExitOnExit as OnExitFn);
  const options: SpawnOptions = { stdio: output?.stdio ?? 'inherit', env };
  if (proc === process) markLaunched();

  // The forwarders go in before the child is spawned: a signal that arrives while spawn() runs is
  // then caught and relayed once spawn() has returned (listeners run only after this synchronous
  // code), instead of meeting the default action (the wrapper killed, the new child orphaned) or,
  // as PID 1, being dropped.
  let child: ChildProcess | undefined;
  const relay = { kill: (signal: NodeJS.Signals): boolean => child?.kill(signal) ?? false };
  const stopForwarding = forwardSignals({
    process: proc,
    child: relay,
    platform: deps.platform,
    // The child's pid too: a child that left our process group did not get the keyboard's copy.
    isTerminalForeground: deps.isTerminalForeground ?? (() => defaultIsTerminalForeground(child?.pid)),
  });
  try {
    child = spawnTarget(spawn, target, options, deps.platform);
  } catch (error) {
    stopForwarding();
    output?.close();
    return Promise.reject(spawnFailure(target, error as NodeJS.ErrnoException, env));
  }
  const started: ChildProcess = child;
  trace('child spawned');
  const reading = output?.attach(started);

  let running = true;
  // A fatal signal outside the forwarded list (SIGALRM, SIGXCPU...) is passed on and the wrapper keeps
  // waiting; if the wrapper itself is going down regardless, the child is asked to stop, not orphaned.
  const removeExitHook = onExit((_code, signal) => {
    if (!running) return;
    try {
      started.kill(signal ?? 'SIGTERM');
    } catch {
      // already gone
    }
    return signal !== null ? true : undefined;
  });

  return new Promise<ChildEnd>((resolve, reject) => {
    let spawned = false;
    const finish = (): void => {
      running = false;
      stopForwarding();
      removeExitHook();
    };
    started.once('spawn', () => {
      spawned = true;
    });
    started.on('error', (error: NodeJS.ErrnoException) => {
      if (spawned || !running) return; // a failed kill() on a live child, not a failed start
      finish();
      reject(spawnFailure(target, error, env));
    });
    started.once('exit', (code, signal) => {
      if (!running) return;
      finish();
      const end: ChildEnd = signal !== null ? { code: null, signal } : { code: code ?? 0, signal: null };
      // The child's last output, then its status.
      if (reading === undefined) resolve(end);
      else void reading.drained().then(() => resolve(end));
    });
  });
};
