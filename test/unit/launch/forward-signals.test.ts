import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FORWARDED_SIGNALS, forwardSignals } from '../../../src/launch/forward-signals.js';

// The process is an injected emitter: no real signal is sent in these tests (the e2e suite sends real ones).
const setup = (foreground: boolean) => {
  const proc = new EventEmitter();
  const sent: string[] = [];
  const child = { kill: (signal: NodeJS.Signals) => (sent.push(signal), true) };
  const stop = forwardSignals({ process: proc as never, child, isTerminalForeground: () => foreground });
  const emit = (signal: NodeJS.Signals) => proc.emit(signal, signal);
  return { proc, sent, stop, emit };
};

describe('signal forwarding (injected process)', () => {
  it('forwards each listed signal exactly once', () => {
    const { sent, emit } = setup(false);
    for (const signal of FORWARDED_SIGNALS) emit(signal);
    expect(sent).toEqual(['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGINT']);
  });

  it("does not forward keyboard signals when in the terminal's foreground group (the child already got them)", () => {
    const { sent, emit } = setup(true);
    emit('SIGINT');
    emit('SIGQUIT');
    emit('SIGTERM');
    emit('SIGINT');
    expect(sent).toEqual(['SIGTERM']);
  });

  it('forwards nothing else and removes its listeners when stopped', () => {
    const { proc, sent, stop, emit } = setup(false);
    emit('SIGWINCH' as NodeJS.Signals);
    emit('SIGCHLD' as NodeJS.Signals);
    expect(sent).toEqual([]);
    expect(proc.listenerCount('SIGTERM')).toBe(1);
    stop();
    for (const signal of FORWARDED_SIGNALS) expect(proc.listenerCount(signal)).toBe(0);
  });

  it('survives a child that is already gone', () => {
    const proc = new EventEmitter();
    forwardSignals({
      process: proc as never,
      child: {
        kill: () => {
          throw new Error('ESRCH');
        },
      },
      isTerminalForeground: () => false,
    });
    expect(() => proc.emit('SIGTERM', 'SIGTERM')).not.toThrow();
  });
});
