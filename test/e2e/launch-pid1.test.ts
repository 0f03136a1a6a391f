import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, CHILDREN } from '../helpers/run-cli.js';
import { FETCHING_TREE, holdServer } from '../helpers/launch-hold.js';
import { exists, procInfo, readLines, start, waitFor, waitForChild } from '../helpers/launch-proc.js';
import { makeTree } from '../helpers/tree.js';
import { startEmulator } from '../../emulator/server.js';
import { bootstrapEnv, buildSeed, contract } from '../helpers/emulator-env.js';

// Issue 4, acceptance 3: the wrapper as PID 1 of a new PID namespace, as in a container whose
// ENTRYPOINT is ["secrets-run", "--"]. No Docker engine here: `unshare --pid --fork --mount-proc`
// gives the same kernel rules (PID 1 gets no default signal actions; its death ends the namespace).

const node = process.execPath;
const TRAP = `${CHILDREN}/trap-signals.js`;

// Probe once: as root the plain form works; otherwise a user namespace may make us root inside.
const probe = (): { prefix: string[] } | { skip: string } => {
  const candidates = [
    ['--pid', '--fork', '--mount-proc'],
    ['--user', '--map-root-user', '--pid', '--fork', '--mount-proc'],
  ];
  const failures: string[] = [];
  for (const flags of candidates) {
    const r = spawnSync('unshare', [...flags, 'true'], { encoding: 'utf8' });
    if (r.error) return { skip: `unshare is not installed (${(r.error as NodeJS.ErrnoException).code}); install util-linux` };
    if (r.status === 0) return { prefix: ['unshare', ...flags] };
    failures.push(`unshare ${flags.join(' ')}: ${r.stderr.trim() || `status ${r.status}`}`);
  }
  return { skip: `the kernel refuses a new PID namespace here (${failures.join('; ')})` };
};
const ns = probe();
const SKIP = 'skip' in ns;
if ('skip' in ns) console.warn(`launch-pid1: skipped: ${ns.skip}`);
const prefix = 'prefix' in ns ? ns.prefix : [];

// `unshare --fork` forks the namespace's PID 1, which execs the bin (sh, which execs node): from
// outside, the wrapper is the unshare process's only child.
const startAsPid1 = async (command: readonly string[], env: Record<string, string> = {}, options: { tree?: Record<string, string>; flags?: string[] } = {}) => {
  const cwd = makeTree(options.tree ?? {});
  const log = join(cwd, 'trap.log');
  const run = start(prefix[0]!, [...prefix.slice(1), BIN, ...(options.flags ?? []), '--', ...command], { cwd, env: { TRAP_LOG: log, ...env } });
  const wrapper = await waitForChild(run.pid, (argv) => /node$/.test(argv[0] ?? '') && argv[2] === BIN);
  return { run, cwd, log, wrapper: wrapper.pid };
};

describe.skipIf(SKIP)(`the wrapper as PID 1 (${prefix.join(' ') || 'unshare unavailable'})`, () => {
  it("inside the namespace the wrapper is PID 1 and the child's parent", async () => {
    const script = `console.log(JSON.stringify({ ppid: process.ppid, init: require('fs').readFileSync('/proc/1/cmdline', 'utf8').split('\\0').filter(Boolean) }))`;
    const { run } = await startAsPid1([node, '-e', script]);
    const result = await run.closed;
    expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const seen = JSON.parse(result.stdout) as { ppid: number; init: string[] };
    expect(seen.ppid).toBe(1);
    expect(seen.init).toEqual([expect.stringMatching(/node$/), '--', BIN, '--', node, '-e', script]);
  });

  it.each(['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGINT'] as const)(
    "%s sent from outside to PID 1 reaches the trapping child once; the child's 7 is the namespace's status",
    async (signal) => {
      const { run, log, wrapper } = await startAsPid1([node, TRAP], { TRAP_EXIT_CODE: '7' });
      await run.waitForStdout('ready\n');
      process.kill(wrapper, signal);
      const result = await run.closed;
      expect(readLines(log)).toEqual([signal]);
      expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({ code: 7, signal: null, stderr: '' });
    },
  );

  it("--watch as PID 1: SIGTERM from outside reaches the watched child once, and its 7 is the namespace's status", async () => {
    const emulator = await startEmulator({ seed: buildSeed({ prod: { '/shared/db': { POSTGRES_HOST: 'pid1-watched-host' } } }), port: 0 });
    try {
      const tree = { 'nodes/api/contract.yaml': contract({ transport: 'db' }) };
      const { run, log, wrapper } = await startAsPid1(
        [node, TRAP],
        { ...bootstrapEnv(emulator), TRAP_EXIT_CODE: '7' },
        { tree, flags: ['--watch', '--watch-interval', '5'] },
      );
      await run.waitForStdout('ready\n');
      process.kill(wrapper, 'SIGTERM');
      const result = await run.closed;
      expect(readLines(log)).toEqual(['SIGTERM']);
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 7, signal: null });
    } finally {
      await emulator.close();
    }
  });

  it('a child killed by the forwarded SIGTERM → 143 as a plain status (PID 1 cannot re-raise)', async () => {
    const { run, wrapper } = await startAsPid1([node, `${CHILDREN}/sleep.js`, '600000']);
    await waitForChild(wrapper, (argv) => argv[1] === `${CHILDREN}/sleep.js`);
    process.kill(wrapper, 'SIGTERM');
    const result = await run.closed;
    expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({ code: 143, signal: null, stderr: '' });
  });

  it('SIGTERM during start-up (a slow Infisical fetch): PID 1 exits 143 at once and never starts the child', async () => {
    // The kernel gives PID 1 no default action: without its own listener the wrapper would ignore
    // this SIGTERM (`docker stop` would wait for its SIGKILL) and even start the app afterwards.
    const hold = await holdServer();
    const { run, cwd, wrapper } = await startAsPid1(['sh', '-c', 'touch started'], hold.env, { tree: FETCHING_TREE, flags: ['--timeout', '60'] });
    await hold.connected;
    process.kill(wrapper, 'SIGTERM');
    const result = await run.closed;
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 143, signal: null });
    expect(existsSync(join(cwd, 'started'))).toBe(false);
  });

  it('PID 1 waits for a slow child: the child is gone by the time the namespace ends', async () => {
    const { run, log, wrapper } = await startAsPid1([node, TRAP], { TRAP_EXIT_DELAY_MS: '500', TRAP_EXIT_CODE: '0' });
    await run.waitForStdout('ready\n');
    const child = (await waitForChild(wrapper, (argv) => argv[1] === TRAP)).pid;
    process.kill(wrapper, 'SIGTERM');
    const result = await run.closed;
    expect(result.code).toBe(0);
    expect(readLines(log)).toEqual(['SIGTERM']);
    expect(exists(child)).toBe(false);
  });

  it('SIGKILL to PID 1 (documented): the kernel ends the namespace, the child included', async () => {
    const { run, log, wrapper } = await startAsPid1([node, TRAP], { TRAP_STAY: '1' });
    await run.waitForStdout('ready\n');
    const child = (await waitForChild(wrapper, (argv) => argv[1] === TRAP)).pid;
    process.kill(wrapper, 'SIGKILL');
    const result = await run.closed;
    // How unshare reports its PID 1's death varies (util-linux 2.38 tries to re-raise SIGKILL and,
    // spawned from Node, prints "sigprocmask unblock failed" and exits 1): only "not a success" is asserted.
    expect([result.code, result.signal]).not.toEqual([0, null]);
    await waitFor(() => !exists(child), 'the child to be killed with its namespace');
    expect(procInfo(child)).toBeUndefined();
    expect(readLines(log)).toEqual([]); // SIGKILL cannot be trapped
  });
});
