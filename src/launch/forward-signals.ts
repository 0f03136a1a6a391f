// Signals the wrapper passes on to its child; an explicit list, never "all" (envconsul#254: SIGURG,
// SIGCHLD and SIGWINCH must not be relayed).
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGINT'];

// Signals a terminal sends to the whole foreground process group.
const KEYBOARD_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGQUIT']);

// Windows raises three in a Node process: Ctrl-C, Ctrl-Break (the console sends both to every process
// attached to it, the command included) and the console window closing. Relaying any of them could
// only be TerminateProcess, which gives the command no chance to clean up: the console's own copy is
// what the command should act on. The wrapper still listens, so that it outlives its command and
// ends with the command's status. The console closing ends every attached process within seconds.
const WINDOWS_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGBREAK', 'SIGHUP'];

interface SignalRules {
  listened: readonly NodeJS.Signals[];
  alreadyDelivered(signal: NodeJS.Signals, isTerminalForeground: () => boolean): boolean;
}

const signalRules = (platform: NodeJS.Platform): SignalRules =>
  platform === 'win32'
    ? { listened: WINDOWS_SIGNALS, alreadyDelivered: () => true }
    : { listened: FORWARDED_SIGNALS, alreadyDelivered: (signal, isTerminalForeground) => KEYBOARD_SIGNALS.has(signal) && isTerminalForeground() };

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
  // Every signal received, relayed or not (a Ctrl-C the terminal gave the child too still ends a run).
  onReceive?: (signal: NodeJS.Signals) => void;
  platform?: NodeJS.Platform | undefined;
}

// Installs one listener per forwarded signal; the listener's presence also keeps Node from dying of
// the signal itself, so the wrapper outlives its child. Returns the function that removes them.
export const forwardSignals = ({
  process,
  child,
  isTerminalForeground,
  onForward,
  onReceive,
  platform = globalThis.process.platform,
}: ForwardOptions): (() => void) => {
  const { listened, alreadyDelivered } = signalRules(platform);
  const listener = (signal: NodeJS.Signals): void => {
    onReceive?.(signal);
    // The terminal (or Windows' console) already delivered it to the child.
    if (alreadyDelivered(signal, isTerminalForeground)) return;
    try {
      child.kill(signal);
      onForward?.(signal);
    } catch {
      // The child is already gone; its exit is on its way.
    }
  };
  for (const signal of listened) process.on(signal, listener);
  return () => {
    for (const signal of listened) process.removeListener(signal, listener);
  };
};
