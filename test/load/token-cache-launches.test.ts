// Issue 15, the token cache under load: 200 launches at once sharing one cache directory.
//
// Cold (no token cached yet), against Infisical's real login limit (60 a minute per address): the
// first launch takes the identity's login lock and logs in, the others wait for the token it leaves.
// Every launch must start with the right value, the logins must be a handful (a launch that waited
// half its deadline in vain logs in itself, and on a starved machine a login may be hedged), and the
// directory must hold one whole file that decrypts, no temporary file and no lock.
//
// The emulator runs in a process of its own, as Infisical does: in this test's process its event loop
// would wait behind 200 spawns and their pipes, and its first login answer would come after the
// waiters' patience ran out.
//
// Warm (a fleet that starts after an earlier one): no login at all. A partial file read by a launch
// would not decrypt, so it would show as a login here (and as a lenient warning).
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openTokenCache } from '../../src/cache/token-cache.js';
import { parseBaseUrl } from '../../src/infisical/base-url.js';
import { makeTree } from '../helpers/tree.js';
import { BIN, cleanEnv } from '../helpers/run-cli.js';
import { buildSeed, bootstrapEnv, CLIENT_ID, CLIENT_SECRET, contract, type Emulator, type Stats } from '../helpers/emulator-env.js';

const EMULATOR = fileURLToPath(new URL('../../emulator/dist/emulator.cjs', import.meta.url));

const LAUNCHES = Number(process.env.LOAD_CACHE_LAUNCHES ?? 200);
const WARM = Number(process.env.LOAD_CACHE_WARM ?? 50);
// A handful: one login, and room for a waiter that gave up on a starved machine.
const HANDFUL = 5;
const VALUE = 'cached-load-value';

const SEED = buildSeed({ prod: { '/shared/env': { LOAD_TOKEN: VALUE } } });

interface Server {
  url: string;
  stats(): Promise<Stats>;
  reset(): Promise<void>;
  close(): void;
}

// The built emulator as its own process, with Infisical's login limit (60 a minute) and no read limit.
const startServer = async (dir: string): Promise<Server> => {
  writeFileSync(join(dir, 'seed.json'), JSON.stringify(SEED));
  const child = spawn(
    process.execPath,
    [EMULATOR, '--port', '0', '--print-url', '--seed', join(dir, 'seed.json'), '--limit-auth', '60', '--limit-secrets', '0'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d).includes('\n') && resolve(out.trim()));
    child.once('exit', () => reject(new Error('the emulator did not start')));
  });
  return {
    url,
    stats: async () => (await (await fetch(`${url}/__emulator/stats`)).json()) as Stats,
    reset: async () => void (await fetch(`${url}/__emulator/stats/reset`, { method: 'POST' })),
    close: () => void child.kill(),
  };
};

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

// A shell child, not node: 200 extra Node start-ups would only measure the machine. The deadline is
// generous because 200 Node start-ups share two cores; it is not what this test is about.
const launch = (cwd: string, env: Record<string, string>): Promise<Outcome> =>
  new Promise((resolve) => {
    const child = spawn(BIN, ['--timeout', '60', '--', 'sh', '-c', 'printf %s "$LOAD_TOKEN"'], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

const wave = async (n: number, cwd: string, env: Record<string, string>): Promise<{ outcomes: Outcome[]; ms: number }> => {
  const started = Date.now();
  const outcomes = await Promise.all(Array.from({ length: n }, () => launch(cwd, env)));
  return { outcomes, ms: Date.now() - started };
};

// Every launch started its child with the value, and said nothing of a warning or the token cache.
const expectAllRight = (outcomes: Outcome[], n: number): void => {
  const wrong = outcomes.filter((o) => o.code !== 0 || o.stdout !== VALUE || /warning|error|token cache/i.test(o.stderr));
  expect(wrong.slice(0, 3)).toEqual([]);
  expect(outcomes).toHaveLength(n);
};

describe('token cache under load', () => {
  it(`${LAUNCHES} cold then ${WARM} warm concurrent launches sharing one cache directory, under the real login limit`, async () => {
    const cwd = makeTree({ 'contract.yaml': contract({ env: ['LOAD_TOKEN'] }) });
    const emulator = await startServer(cwd);
    onTestFinished(() => emulator.close());
    const dir = join(cwd, 'cache');
    const env = { ...bootstrapEnv({ url: emulator.url } as Emulator), SECRETS_RUN_CACHE_DIR: dir };

    const cold = await wave(LAUNCHES, cwd, env);
    expectAllRight(cold.outcomes, LAUNCHES);
    const coldLogins = (await emulator.stats()).logins;
    expect(coldLogins).toBeGreaterThanOrEqual(1);
    expect(coldLogins).toBeLessThanOrEqual(HANDFUL);
    // What the concurrent writers left: one file, no temporary one, and it decrypts to a token.
    expect(readdirSync(dir)).toHaveLength(1);
    const store = openTokenCache(
      { addr: parseBaseUrl(emulator.url)!.href, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      { SECRETS_RUN_CACHE_DIR: dir },
      {
        warn: () => undefined,
        detail: () => undefined,
      },
    );
    expect(store?.read()).toMatch(/\S/);

    await emulator.reset();
    const warm = await wave(WARM, cwd, env);
    expectAllRight(warm.outcomes, WARM);
    const warmStats = await emulator.stats();
    expect(warmStats.logins).toBe(0);
    expect(warmStats.statuses['429'] ?? 0).toBe(0);
    expect(readdirSync(dir)).toHaveLength(1);
    console.log(`token cache load: ${LAUNCHES} cold launches, ${coldLogins} logins, ${cold.ms} ms; ${WARM} warm launches, 0 logins, ${warm.ms} ms`);
  }, 240_000);
});
