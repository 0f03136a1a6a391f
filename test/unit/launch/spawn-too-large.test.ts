import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { launchChild, type SpawnFn } from '../../../src/launch/spawn-child.js';

// A spawn the system refuses with E2BIG (Node throws it at once) is secrets-run failing to start the
// command, 125, not "found but could not be executed", 126.
describe('a spawn refused with E2BIG', () => {
  it('is ENVIRONMENT_TOO_LARGE, 125, saying how large the environment and arguments are', async () => {
    const spawn: SpawnFn = () => {
      throw Object.assign(new Error('spawn E2BIG'), { code: 'E2BIG' });
    };
    const deps = { spawn, process: new EventEmitter(), onExit: () => () => undefined, isTerminalForeground: () => false };
    const failure = launchChild({ file: 'app', args: ['x'.repeat(2048)] }, { BIG: 'y'.repeat(300 * 1024), PATH: '/bin' }, deps);
    await expect(failure).rejects.toMatchObject({
      code: 'ENVIRONMENT_TOO_LARGE',
      exitCode: 125,
      message: expect.stringMatching(
        /^cannot start app: the system refused its environment and arguments as too large \(E2BIG\): the environment takes 301 KiB in 2 variables, the arguments 3 KiB$/,
      ),
    });
  });
});
