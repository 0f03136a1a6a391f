// Issue 17, --watch: the command restarted when a value it gets changes on the server, and only
// then; signals, a command that will not stop, and the command's own end, against the emulator.
// The interval is the minimum (5 s), the debounce 1 s: each test waits for real polls.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { registerSecret } from '../helpers/canary-registry.js';
import { bootstrapEnv, buildSeed, contract, loginToken, PROJECT_ID } from '../helpers/emulator-env.js';
import { exists, startCli, waitFor } from '../helpers/launch-proc.js';
import { makeTree } from '../helpers/tree.js';
import { NPM_ENV } from '../helpers/launch-npm.js';

const running: Emulator[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()!.close();
});

const VALUES = ['db-host-one', 'db-host-two', 'db-host-three', 'user-from-server', 'user-changed-on-server', 'unrelated-one', 'unrelated-two'];
for (const value of VALUES) registerSecret(value);

const serve = async (): Promise<Emulator> => {
  const emulator = await startEmulator({
    seed: buildSeed({
      prod: { '/shared/db': { POSTGRES_HOST: 'db-host-one', POSTGRES_USER: 'user-from-server' }, '/shared/other': { UNRELATED: 'unrelated-one' } },
    }),
    port: 0,
  });
  running.push(emulator);
  return emulator;
};

// Another client changing a value on the server.
const setValue = async (emulator: Emulator, key: string, value: string, folder = '/shared/db'): Promise<void> => {
  const token = await loginToken(emulator);
  const response = await fetch(`${emulator.url}/api/v4/secrets/${key}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ projectId: PROJECT_ID, environment: 'prod', secretPath: folder, secretValue: value }),
  });
  expect(response.status).toBe(200);
};

const WATCH = ['--watch', '--watch-interval', '5', '--watch-debounce', '1'];

// A command that logs each SIGTERM, then appends "start <host> <user>" to starts.log (so a test that
// saw the start knows the trap is set), and loops.
const logging = (cwd: string, onTerm = 'exit 0'): string[] => [
  '--',
  'sh',
  '-c',
  `trap 'echo TERM >> "${join(cwd, 'signals.log')}"; ${onTerm}' TERM; echo "start $POSTGRES_HOST $POSTGRES_USER" >> "${join(cwd, 'starts.log')}"; while :; do sleep 0.1; done`,
];
const lines = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
const project = (): string => makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'db' }) });

describe('--watch (real bin, emulator)', () => {
  it('a burst of changes to a value the command gets restarts it once, with the last value', async () => {
    const emulator = await serve();
    const cwd = project();
    const run = startCli([...WATCH, ...logging(cwd)], { cwd, env: bootstrapEnv(emulator) });
    await waitFor(() => lines(join(cwd, 'starts.log')).length === 1, 'the first start');
    await setValue(emulator, 'POSTGRES_HOST', 'db-host-two');
    await setValue(emulator, 'POSTGRES_HOST', 'db-host-three');
    await waitFor(() => lines(join(cwd, 'starts.log')).length === 2, 'the restart', 20_000);
    expect(lines(join(cwd, 'starts.log'))).toEqual(['start db-host-one user-from-server', 'start db-host-three user-from-server']);
    expect(lines(join(cwd, 'signals.log'))).toEqual(['TERM']);
    expect(run.stderr()).toContain('1 key changed (POSTGRES_HOST); restarting (SIGTERM, 10 s grace)');
    process.kill(run.pid, 'SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('--mask: the restarted command gets a new value, and that value is masked too, as is the old one', async () => {
    const emulator = await serve();
    const cwd = project();
    const printing = ['--', 'sh', '-c', `trap 'exit 0' TERM; echo "host $POSTGRES_HOST was db-host-one"; while :; do sleep 0.1; done`];
    const run = startCli([...WATCH, '--mask', ...printing], { cwd, env: bootstrapEnv(emulator) });
    await waitFor(() => run.stdout().includes('host ***** was *****'), 'the first start');
    await setValue(emulator, 'POSTGRES_HOST', 'db-host-two');
    await waitFor(() => run.stdout().split('\n').length === 3, 'the restart', 20_000);
    expect(run.stdout()).toBe('host ***** was *****\nhost ***** was *****\n');
    process.kill(run.pid, 'SIGTERM');
    expect(await run.exited).toMatchObject({ code: 0, signal: null });
  });

  it("polls ask with the last listing's ETag: an idle poll is answered 304, and a change still arrives", async () => {
    const emulator = await serve();
    const cwd = project();
    const run = startCli([...WATCH, ...logging(cwd)], { cwd, env: bootstrapEnv(emulator) });
    await waitFor(() => lines(join(cwd, 'starts.log')).length === 1, 'the first start');
    const lists = (status: number): number => emulator.stats().requests.filter((r) => /^GET secrets\.list/.test(r) && r.endsWith(` ${status}`)).length;
    // The launch and the first poll are answered whole; the second poll on, unchanged roots are 304.
    await waitFor(() => lists(304) >= 2, 'a poll answered 304', 20_000);
    await setValue(emulator, 'POSTGRES_HOST', 'db-host-two');
    await waitFor(() => lines(join(cwd, 'starts.log')).length === 2, 'the restart', 20_000);
    expect(lines(join(cwd, 'starts.log'))[1]).toBe('start db-host-two user-from-server');
    process.kill(run.pid, 'SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('no restart for an unrelated change, a key the inherited environment overrides, or an outage (one warning, one line after)', async () => {
    const emulator = await serve();
    const cwd = project();
    const run = startCli([...WATCH, ...logging(cwd)], { cwd, env: { ...bootstrapEnv(emulator), POSTGRES_USER: 'inherited-user' } });
    await waitFor(() => lines(join(cwd, 'starts.log')).length === 1, 'the first start');
    emulator.setFaults({ status5xx: { route: 'list', status: 503, times: 1000 } });
    await setValue(emulator, 'UNRELATED', 'unrelated-two', '/shared/other');
    await setValue(emulator, 'POSTGRES_USER', 'user-changed-on-server');
    await waitFor(() => /--watch: Infisical could not be read/.test(run.stderr()), 'the outage warning', 20_000);
    emulator.setFaults({});
    await waitFor(() => /Infisical answers again/.test(run.stderr()), 'the recovery line', 30_000);
    // One more complete poll after the recovery: still nothing to restart for.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(lines(join(cwd, 'starts.log'))).toEqual(['start db-host-one inherited-user']);
    expect(run.stderr().match(/could not be read/g)).toHaveLength(1);
    expect(run.stderr()).not.toMatch(/restarting/);
    process.kill(run.pid, 'SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('a partial answer (one root listed, the other failing) decides nothing; the change is acted on once the answer is whole', async () => {
    const emulator = await startEmulator({
      seed: buildSeed({
        prod: { '/shared/db': { POSTGRES_HOST: 'db-host-one', POSTGRES_USER: 'user-from-server' }, '/services/api/db': { POSTGRES_PORT: '5432' } },
      }),
      port: 0,
    });
    running.push(emulator);
    const cwd = project();
    const run = startCli([...WATCH, '--service', 'api', ...logging(cwd)], { cwd, env: bootstrapEnv(emulator) });
    await waitFor(() => lines(join(cwd, 'starts.log')).length === 1, 'the first start');
    // The service's root fails; /shared/, where the change is, still answers.
    emulator.setFaults({ status5xx: { route: 'list', secretPath: '/services/api', status: 503, times: 1000 } });
    await setValue(emulator, 'POSTGRES_HOST', 'db-host-two');
    await waitFor(() => /could not be read/.test(run.stderr()), 'the partial poll', 20_000);
    expect(lines(join(cwd, 'starts.log'))).toHaveLength(1);
    emulator.setFaults({});
    await waitFor(() => lines(join(cwd, 'starts.log')).length === 2, 'the restart once whole', 40_000);
    expect(lines(join(cwd, 'starts.log'))[1]).toBe('start db-host-two user-from-server');
    process.kill(run.pid, 'SIGTERM');
    await run.exited;
  });

  it("SIGTERM during the grace period cancels the restart: the old command stops, and its status is the run's", async () => {
    const emulator = await serve();
    const cwd = project();
    // The first TERM is ignored (logged); the second ends it with 7.
    const onTerm = `n=$(wc -l < "${join(cwd, 'signals.log')}"); [ "$n" -ge 2 ] && exit 7`;
    const run = startCli([...WATCH, '--stop-timeout', '30', ...logging(cwd, onTerm)], { cwd, env: bootstrapEnv(emulator) });
    await waitFor(() => lines(join(cwd, 'starts.log')).length === 1, 'the first start');
    await setValue(emulator, 'POSTGRES_HOST', 'db-host-two');
    await waitFor(() => lines(join(cwd, 'signals.log')).length === 1, "the restart's stop signal", 20_000);
    process.kill(run.pid, 'SIGTERM');
    expect(await run.exited).toEqual({ code: 7, signal: null });
    expect(lines(join(cwd, 'starts.log'))).toHaveLength(1);
  });

  it('a command that ignores the stop signal is killed after --stop-timeout, and the new one starts', async () => {
    const emulator = await serve();
    const cwd = project();
    // The first command ignores SIGTERM; the next one stops on it.
    const once = join(cwd, 'ignored-once');
    const run = startCli([...WATCH, '--stop-timeout', '1', ...logging(cwd, `[ -f "${once}" ] && exit 0; : > "${once}"`)], { cwd, env: bootstrapEnv(emulator) });
    await waitFor(() => lines(join(cwd, 'starts.log')).length === 1, 'the first start');
    await setValue(emulator, 'POSTGRES_HOST', 'db-host-two');
    await waitFor(() => lines(join(cwd, 'starts.log')).length === 2, 'the restart', 20_000);
    expect(lines(join(cwd, 'signals.log'))).toEqual(['TERM']);
    process.kill(run.pid, 'SIGTERM');
    const end = await run.exited;
    expect(lines(join(cwd, 'signals.log'))).toEqual(['TERM', 'TERM']);
    expect(end).toEqual({ code: 0, signal: null });
  });

  it.each(['sh -c', 'npm run'] as const)('without a terminal, the stop signal reaches what the command started (%s)', async (via) => {
    const emulator = await serve();
    const cwd = project();
    const pids = join(cwd, 'grandchild.pids');
    const script = `sleep 300 & echo $! >> "${pids}"; wait`;
    writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'watched', private: true, scripts: { serve: script } }));
    const command = via === 'sh -c' ? ['--', 'sh', '-c', script] : ['--', 'npm', 'run', '--silent', 'serve'];
    const run = startCli([...WATCH, ...command], { cwd, env: { ...bootstrapEnv(emulator), ...NPM_ENV } });
    await waitFor(() => lines(pids).length === 1, 'the first grandchild');
    const first = Number(lines(pids)[0]);
    await setValue(emulator, 'POSTGRES_HOST', 'db-host-two');
    await waitFor(() => lines(pids).length === 2, 'the restart', 20_000);
    await waitFor(() => !exists(first), 'the first grandchild to end');
    // A forwarded signal goes to the command itself, as without --watch; its group is cleaned up here.
    const second = Number(lines(pids)[1]);
    process.kill(run.pid, 'SIGTERM');
    await run.exited;
    try {
      process.kill(second, 'SIGKILL');
    } catch {
      // already gone
    }
  });

  it('a command that exits by itself ends the watch with its status', async () => {
    const emulator = await serve();
    const run = startCli([...WATCH, '--', 'sh', '-c', 'sleep 1; exit 9'], { cwd: project(), env: bootstrapEnv(emulator) });
    expect(await run.exited).toEqual({ code: 9, signal: null });
  });
});
