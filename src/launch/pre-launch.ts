import { signalNumber, shouldReraise } from './exit-status.js';
import { FORWARDED_SIGNALS, type SignalSource } from './forward-signals.js';

// Process-wide: set once launchChild (or the --watch supervisor) takes over the forwarded signals.
// Kept on the global object, not in this module: each lazily loaded bundle has its own copy of this
// module, and the listeners installed by dist/cli.cjs must see a launch marked by a chunk's copy.
const LAUNCHED = Symbol.for('secrets-run.launched');
const holder = globalThis as { [LAUNCHED]?: boolean };

export const markLaunched = (): void => {
  holder[LAUNCHED] = true;
};

export interface PreLaunchProcess extends SignalSource {
  pid: number;
  kill(pid: number, signal: NodeJS.Signals): boolean;
  exit(code: number): never;
  removeAllListeners(event: NodeJS.Signals): unknown;
}

// Installed first thing by the CLI. Before the child exists (settings, env files, the Infisical
// fetch), a forwarded signal cannot reach it: the wrapper ends as that signal would end it, and the
// child is never started. Without these listeners a PID 1 would silently ignore SIGTERM there (the
// kernel gives PID 1 no default actions), so `docker stop` during a slow fetch would hang until
// SIGKILL and the app would even start afterwards; and Node would open its inspector on SIGUSR1.
// Once launched the listeners do nothing: the forwarders own these signals, and one that arrives
// after the child has exited no longer changes the outcome (the child's status stands).
export const endOnSignalBeforeLaunch = (proc: PreLaunchProcess = process as unknown as PreLaunchProcess): void => {
  const listener = (signal: NodeJS.Signals): void => {
    if (holder[LAUNCHED] === true) return;
    if (shouldReraise(signal, proc.pid)) {
      proc.removeAllListeners(signal);
      try {
        proc.kill(proc.pid, signal);
        return;
      } catch {
        // fall through to the status
      }
    }
    proc.exit(128 + signalNumber(signal));
  };
  for (const signal of FORWARDED_SIGNALS) proc.on(signal, listener);
};
