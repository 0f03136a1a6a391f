// What differs on Windows, tested on any machine with the platform injected: the shell --command runs
// through, which signals are relayed, the re-raise of a child's signal, process groups under --watch.
import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { shouldReraise } from '../../../src/launch/exit-status.js';
import { FORWARDED_SIGNALS, forwardSignals } from '../../../src/launch/forward-signals.js';
import { shellInvocation } from '../../../src/launch/platform-shell.js';
import { spawnTarget, type SpawnFn } from '../../../src/launch/spawn-child.js';
import { ownGroupFor } from '../../../src/watch/watch-run.js';

const recordingSpawn = () => {
  const calls: { file: string; args: readonly string[]; options: SpawnOptions }[] = [];
  const spawn: SpawnFn = (file, args, options) => (calls.push({ file, args, options }), undefined as never);
  return { calls, spawn };
};

describe('--command: the platform shell', () => {
  it('POSIX: /bin/sh -c, the argv Node itself makes for `shell: true`', () => {
    const command = 'echo "$HOME" && exit 3';
    expect(shellInvocation(command, 'linux')).toEqual({ file: '/bin/sh', args: ['-c', command] });
    expect(shellInvocation(command, 'darwin')).toEqual({ file: '/bin/sh', args: ['-c', command] });
    const child = nodeSpawn(command, { shell: true, stdio: 'ignore' });
    child.kill();
    expect(child.spawnargs).toEqual(['/bin/sh', '-c', command]);
  });

  it('Windows: cmd.exe /d /s /c "COMMAND", verbatim, from ComSpec when set', () => {
    const command = 'npm run build && echo "done"';
    const cmd = { args: ['/d', '/s', '/c', `"${command}"`], windowsVerbatimArguments: true };
    expect(shellInvocation(command, 'win32', undefined)).toEqual({ file: 'cmd.exe', ...cmd });
    expect(shellInvocation(command, 'win32', '')).toEqual({ file: 'cmd.exe', ...cmd });
    expect(shellInvocation(command, 'win32', 'C:\\Windows\\system32\\cmd.exe')).toEqual({ file: 'C:\\Windows\\system32\\cmd.exe', ...cmd });
    expect(shellInvocation(command, 'win32', 'C:\\WINDOWS\\System32\\CMD.EXE').args[0]).toBe('/d');
    // Another shell named by ComSpec gets -c, as Node gives it.
    expect(shellInvocation(command, 'win32', 'C:\\Program Files\\Git\\bin\\bash.exe')).toEqual({
      file: 'C:\\Program Files\\Git\\bin\\bash.exe',
      args: ['-c', command],
    });
  });

  it('the spawn gets that argv (and cmd.exe its verbatim flag); a plain command is passed as it is', () => {
    const { calls, spawn } = recordingSpawn();
    spawnTarget(spawn, { shell: 'dir /b' }, { env: {} }, 'win32');
    spawnTarget(spawn, { shell: 'ls -1' }, { env: {} }, 'linux');
    spawnTarget(spawn, { file: 'node', args: ['server.js'] }, { env: {} }, 'win32');
    expect(calls).toEqual([
      { file: process.env['ComSpec'] || 'cmd.exe', args: ['/d', '/s', '/c', '"dir /b"'], options: { env: {}, windowsVerbatimArguments: true } },
      { file: '/bin/sh', args: ['-c', 'ls -1'], options: { env: {} } },
      { file: 'node', args: ['server.js'], options: { env: {} } },
    ]);
  });
});

const forwarding = (platform: NodeJS.Platform, foreground: boolean) => {
  const proc = new EventEmitter();
  const sent: string[] = [];
  const received: string[] = [];
  const stop = forwardSignals({
    process: proc as never,
    child: { kill: (signal) => (sent.push(signal), true) },
    isTerminalForeground: () => foreground,
    onReceive: (signal) => received.push(signal),
    platform,
  });
  const emit = (...signals: string[]) => signals.forEach((signal) => proc.emit(signal, signal));
  return { proc, sent, received, stop, emit };
};

describe('signals on Windows', () => {
  it('listens to the three Windows raises and relays none: the console gave the command its own copy', () => {
    const { proc, sent, received, stop, emit } = forwarding('win32', false);
    emit('SIGINT', 'SIGBREAK', 'SIGHUP', 'SIGTERM', 'SIGUSR1');
    expect(sent).toEqual([]);
    expect(received).toEqual(['SIGINT', 'SIGBREAK', 'SIGHUP']);
    // Nothing is installed for the POSIX-only ones (Node would take SIGUSR1 from its inspector).
    expect(['SIGTERM', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'].map((signal) => proc.listenerCount(signal))).toEqual([0, 0, 0, 0]);
    stop();
    expect(['SIGINT', 'SIGBREAK', 'SIGHUP'].map((signal) => proc.listenerCount(signal))).toEqual([0, 0, 0]);
  });

  it('POSIX is unchanged: every listed signal relayed off a terminal, keyboard ones not on it', () => {
    const off = forwarding('linux', false);
    off.emit(...FORWARDED_SIGNALS);
    expect(off.sent).toEqual([...FORWARDED_SIGNALS]);
    const on = forwarding('linux', true);
    on.emit('SIGINT', 'SIGQUIT', 'SIGTERM');
    expect([on.sent, on.received]).toEqual([['SIGTERM'], ['SIGINT', 'SIGQUIT', 'SIGTERM']]);
  });

  it('a child killed by a signal is never re-raised on Windows (that would be TerminateProcess, status 1)', () => {
    expect(shouldReraise('SIGTERM', 4242, 'linux')).toBe(true);
    expect(shouldReraise('SIGTERM', 4242, 'win32')).toBe(false);
    expect(shouldReraise('SIGINT', 4242, 'win32')).toBe(false);
  });

  it('--watch gives the command a process group of its own only off a terminal and never on Windows', () => {
    expect(ownGroupFor('linux', false)).toBe(true);
    expect(ownGroupFor('linux', true)).toBe(false);
    expect(ownGroupFor('win32', false)).toBe(false);
    expect(ownGroupFor('darwin', false)).toBe(true);
  });
});
