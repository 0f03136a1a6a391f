// Signals the wrapper passes on to its child; an explicit list, never "all" (envconsul#254: SIGURG,
// SIGCHLD and SIGWINCH must not be relayed).
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGINT'];

// Signals a terminal sends to the whole foreground process group.
const KEYBOARD_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGQUIT']);

export interface SignalTarget {
  kill(signal: NodeJS.Signals): boolean;
}

export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  removeListener(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ForwardOptions {
  process: SignalSource;
  child: SignalTarget;
  isTerminalForeground: () => boolean;
  onForward?: (signal: NodeJS.Signals) => void;
}

// Installs one listener per forwarded signal; the listener's presence also keeps Node from dying of
// the signal itself, so the wrapper outlives its child. Returns the function that removes them.
export const forwardSignals = ({ process, child, isTerminalForeground, onForward }: ForwardOptions): (() => void) => {
  const listener = (signal: NodeJS.Signals): void => {
    // The terminal already delivered it to the child, which shares our process group.
    if (KEYBOARD_SIGNALS.has(signal) && isTerminalForeground()) return;
    try {
      child.kill(signal);
      onForward?.(signal);
    } catch {
      // The child is already gone; its exit is on its way.
    }
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of FORWARDED_SIGNALS) process.removeListener(signal, listener);
  };
};
