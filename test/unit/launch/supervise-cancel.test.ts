// A Ctrl-C the terminal (or Windows' console) delivered to the command itself is not relayed, yet during
// a restart it still cancels the restart: the run ends with the old command's status, no new command.
// The process is an injected emitter; the commands are real Node processes.
import { spawn as nodeSpawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { superviseChild } from '../../../src/launch/supervise.js';

// Exits 7, half a second after its stop signal: long enough for a Ctrl-C to arrive during the restart.
const slowToStop = `process.on('SIGTERM', () => setTimeout(() => process.exit(7), 500)); setInterval(() => {}, 1000);`;

describe.each(['linux', 'win32'] as const)('a restart interrupted by an unrelayed Ctrl-C (%s rules)', (platform) => {
  it('ends the run with the old command status and starts no new command', async () => {
    const proc = new EventEmitter();
    const starts: number[] = [];
    const supervisor = await superviseChild(
      { file: process.execPath, args: ['-e', slowToStop] },
      { PATH: process.env['PATH'] ?? '' },
      { stopSignal: 'SIGTERM', stopTimeoutMs: 10_000, ownGroup: false },
      {
        process: proc as never,
        isTerminalForeground: () => true, // a terminal: SIGINT is the command's own, never relayed
        onExit: () => () => undefined,
        platform,
        spawn: (file, args, options) => {
          // The real spawn, counted.
          const child = nodeSpawn(file, args, options);
          starts.push(child.pid ?? -1);
          return child;
        },
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // the command installs its SIGTERM handler
    const restarted = supervisor.restart({ PATH: process.env['PATH'] ?? '' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    proc.emit('SIGINT', 'SIGINT');
    expect(await restarted).toBe(false);
    expect(await supervisor.ended).toEqual({ code: 7, signal: null });
    expect(starts).toHaveLength(1);
  });
});
