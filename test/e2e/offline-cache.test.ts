// Issue 15, the offline last-known-good cache: a server that is down serves the last values with
// their age; past the max age nothing is served; refused credentials delete both caches; --require
// takes cached values only with --allow-stale; a 403 or a missing folder never serves the cache; the
// files hold no value in the clear; `cache clear` removes them.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/server.js';
import { openOfflineCache, type CachedFolder } from '../../src/cache/offline-cache.js';
import { openTokenCache } from '../../src/cache/token-cache.js';
import { makeTree } from '../helpers/tree.js';
import { runCli } from '../helpers/run-cli.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  OUTSIDER_ID,
  OUTSIDER_SECRET,
  PROJECT_ID,
  bootstrapEnv,
  buildSeed,
  childEnv,
  contract,
  infisicalWarnings,
  ownLines,
  printEnv,
  runWith,
  useEmulator,
  type Emulator,
} from '../helpers/emulator-env.js';

const HOST = 'db.offline';
const USER = 'offline-canary-user';
const seed = (): ReturnType<typeof buildSeed> => buildSeed({ prod: { '/shared/db': { POSTGRES_HOST: HOST, POSTGRES_USER: USER } } });
const emu = useEmulator(seed());

const KEYS = ['POSTGRES_HOST', 'POSTGRES_USER'];
// Every key the db transport plans: a cached folder serves only the keys it was asked for then.
const PLANNED = [
  'POSTGRES_HOST',
  'POSTGRES_PORT',
  'POSTGRES_USER',
  'POSTGRES_POOL_MIN_SIZE',
  'POSTGRES_POOL_MAX_SIZE',
  'POSTGRES_TIMEOUT_MS',
  'QUERY_TIMEOUT_SECONDS',
];
const setup = (): { cwd: string; cacheDir: string } => {
  const cwd = makeTree({ 'contract.yaml': contract({ transport: 'db' }) });
  return { cwd, cacheDir: join(cwd, 'cache') };
};
const files = (dir: string, prefix: string): string[] => readdirSync(dir).filter((name) => name.startsWith(prefix));

// An address where nothing listens: a port the system gave and took back.
const closedPort = (): Promise<string> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(`http://127.0.0.1:${port}`));
    });
  });

// Writes, through the module, the cache file a run against `addr` would have left `ageMs` ago: the age
// is inside the sealed payload, so it cannot be faked by touching the file.
const plantCache = (
  addr: string,
  cacheDir: string,
  ageMs: number,
  options: { environment?: string; clientId?: string; clientSecret?: string; service?: string } = {},
): void => {
  const folder: CachedFolder = { fetchedAt: Date.now() - ageMs, planned: PLANNED, values: { POSTGRES_HOST: HOST, POSTGRES_USER: USER }, hidden: [] };
  const store = openOfflineCache(
    { addr: new URL(addr).href, projectId: PROJECT_ID, environment: options.environment ?? 'prod', service: options.service ?? '' },
    { identity: options.clientId ?? CLIENT_ID, secret: options.clientSecret ?? CLIENT_SECRET },
    { SECRETS_RUN_CACHE_DIR: cacheDir },
    { warn: () => undefined, detail: () => undefined },
  );
  store!.write(new Map([['/shared/db/', folder]]));
};

const runAt = (addr: string, cwd: string, cacheDir: string, args: string[], env: Record<string, string | undefined> = {}) =>
  runCli([...args, ...printEnv(...KEYS)], { cwd, env: { ...bootstrapEnv({ url: addr } as Emulator), SECRETS_RUN_CACHE_DIR: cacheDir, ...env } });

const HOURS = 3600 * 1000;

describe('offline cache', () => {
  it('a server that goes down: the last values, with their age, and the failure still said', async () => {
    const { cwd, cacheDir } = setup();
    const own = await startEmulator({ seed: seed(), port: 0 });
    const addr = own.url;
    try {
      const online = await runAt(addr, cwd, cacheDir, ['--offline-cache']);
      expect(childEnv(online).POSTGRES_HOST).toBe(HOST);
      expect(files(cacheDir, 'lkg-')).toHaveLength(1);
    } finally {
      await own.close();
    }
    const down = await runAt(addr, cwd, cacheDir, ['--offline-cache']);
    expect(down.code).toBe(0);
    expect(childEnv(down)).toEqual({ POSTGRES_HOST: HOST, POSTGRES_USER: USER });
    expect(ownLines(down.stderr)).toContainEqual(expect.stringMatching(/^secrets-run: 2 keys from the offline cache \(age \d+s; Infisical unreachable\)$/));
    const warning = infisicalWarnings(down.stderr);
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\).*; using the offline cache$/);
    expect(down.stderr).not.toMatch(/left unset|starting without/);

    // plan shows where the values would come from, and how old they are.
    const plan = await runCli(['plan', '--format', 'json', '--offline-cache'], {
      cwd,
      env: { ...bootstrapEnv({ url: addr } as Emulator), SECRETS_RUN_CACHE_DIR: cacheDir },
    });
    const keys = (JSON.parse(plan.stdout) as { keys: { key: string; resolution: string; folder: string; cacheAgeSeconds?: number }[] }).keys;
    const host = keys.find((k) => k.key === 'POSTGRES_HOST')!;
    expect(host).toMatchObject({ resolution: 'cache', folder: '/shared/db/' });
    expect(host.cacheAgeSeconds).toBeGreaterThanOrEqual(0);

    // Without the option the cache is neither read nor written.
    const off = await runAt(addr, cwd, cacheDir, []);
    expect(childEnv(off).POSTGRES_HOST).toBeNull();
  });

  it('past the max age nothing is served; a longer max age (the variable, a duration) serves it with its age', async () => {
    const { cwd, cacheDir } = setup();
    const addr = await closedPort();
    plantCache(addr, cacheDir, 25 * HOURS);
    const stale = await runAt(addr, cwd, cacheDir, ['--offline-cache']);
    expect(childEnv(stale).POSTGRES_HOST).toBeNull();
    expect(stale.stderr).not.toMatch(/offline cache/);
    expect(files(cacheDir, 'lkg-')).toHaveLength(1); // kept for a run that allows more
    const longer = await runAt(addr, cwd, cacheDir, [], { SECRETS_RUN_OFFLINE_CACHE: '2d' });
    expect(childEnv(longer).POSTGRES_HOST).toBe(HOST);
    expect(ownLines(longer.stderr)).toContain('secrets-run: 2 keys from the offline cache (age 1d1h; Infisical unreachable)');
  });

  it('a service folder the cache does not hold is not stood in for by a shared folder it does hold', async () => {
    const { cwd, cacheDir } = setup();
    const addr = await closedPort();
    plantCache(addr, cacheDir, HOURS, { service: 'api' });
    const result = await runAt(addr, cwd, cacheDir, ['--offline-cache', '--service', 'api']);
    expect(childEnv(result).POSTGRES_HOST).toBeNull();
    const warning = infisicalWarnings(result.stderr);
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatch(/; starting without those secrets \(7 keys left unset because \/services\/api\/db\/ could not be read: POSTGRES_HOST, /);
  });

  it('a partial outage: the cached folder is served, the folder the cache does not hold is said as left unset', async () => {
    const cwd = makeTree({ 'contract.yaml': contract({ transport: 'db', handlers: ['kafka'] }) });
    const cacheDir = join(cwd, 'cache');
    plantCache(emu().url, cacheDir, 5 * 60 * 1000);
    emu().setFaults({ status5xx: { route: 'list' } });
    const result = await runWith(
      emu(),
      ['--offline-cache', '--list-each-folder', ...printEnv(...KEYS, 'KAFKA_GROUP_ID')],
      { SECRETS_RUN_CACHE_DIR: cacheDir },
      { cwd },
    );
    expect(childEnv(result)).toMatchObject({ POSTGRES_HOST: HOST, KAFKA_GROUP_ID: null });
    const warning = infisicalWarnings(result.stderr);
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatch(
      /using the offline cache where it could, starting without the rest \(\d+ keys? left unset because \/shared\/kafka\/ could not be read: KAFKA_GROUP_ID, /,
    );
    expect(ownLines(result.stderr)).toContainEqual(expect.stringMatching(/^secrets-run: 2 keys from the offline cache \(age 5m(\d+s)?; Infisical failing\)$/));
  });

  it('a 5xx on every list serves the cache; so does a server that does not answer before the deadline', async () => {
    const { cwd, cacheDir } = setup();
    plantCache(emu().url, cacheDir, 3 * HOURS + 12 * 60 * 1000);
    emu().setFaults({ status5xx: { route: 'list' } });
    const failing = await runWith(emu(), ['--offline-cache', ...printEnv(...KEYS)], { SECRETS_RUN_CACHE_DIR: cacheDir }, { cwd });
    expect(childEnv(failing).POSTGRES_USER).toBe(USER);
    expect(ownLines(failing.stderr)).toContainEqual(expect.stringMatching(/^secrets-run: 2 keys from the offline cache \(age 3h12m; Infisical failing\)$/));
    emu().setFaults({ hang: { route: 'list' } });
    const hanging = await runWith(emu(), ['--offline-cache', '--timeout', '1', ...printEnv(...KEYS)], { SECRETS_RUN_CACHE_DIR: cacheDir }, { cwd });
    expect(childEnv(hanging).POSTGRES_HOST).toBe(HOST);
    expect(hanging.stderr).toMatch(/Infisical did not answer in time/);
  });

  it('credentials refused after a rotation: both caches are deleted and nothing is served', async () => {
    const { cwd, cacheDir } = setup();
    const run = (): ReturnType<typeof runWith> => runWith(emu(), ['--offline-cache', ...printEnv(...KEYS)], { SECRETS_RUN_CACHE_DIR: cacheDir }, { cwd });
    expect(childEnv(await run()).POSTGRES_HOST).toBe(HOST);
    expect(files(cacheDir, 'lkg-')).toHaveLength(1);
    expect(files(cacheDir, 'token-')).toHaveLength(1);
    // The secret was rotated on the server: the cached token is revoked, and a login is refused.
    openTokenCache(
      { addr: new URL(emu().url).href, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      { SECRETS_RUN_CACHE_DIR: cacheDir },
      { warn: () => undefined, detail: () => undefined },
    )!.write('a-revoked-access-token', 3600);
    emu().setFaults({ wrongCredentials: true });
    const refused = await run();
    expect(childEnv(refused).POSTGRES_HOST).toBeNull();
    expect(refused.stderr).toMatch(/refused the credentials/);
    expect(readdirSync(cacheDir).filter((n) => /^(lkg|token)-/.test(n))).toEqual([]);
  });

  it('--require refuses cached values without --allow-stale (exit 125), and takes them with it', async () => {
    const { cwd, cacheDir } = setup();
    const addr = await closedPort();
    plantCache(addr, cacheDir, HOURS);
    // The planned keys the seed does not hold come from the environment: only the cached ones are in question.
    const others = Object.fromEntries(PLANNED.filter((k) => !KEYS.includes(k)).map((k) => [k, '1']));
    const strict = await runAt(addr, cwd, cacheDir, ['--offline-cache', '--require'], others);
    expect(strict.code).toBe(125);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/the offline cache holds \/shared\/db\/, not used: --require takes cached values only with --allow-stale/);
    const allowed = await runAt(addr, cwd, cacheDir, ['--offline-cache', '--require', '--allow-stale'], others);
    expect(allowed.code).toBe(0);
    expect(childEnv(allowed).POSTGRES_HOST).toBe(HOST);
    const byVariable = await runAt(addr, cwd, cacheDir, ['--require'], { ...others, SECRETS_RUN_OFFLINE_CACHE: '1', SECRETS_RUN_ALLOW_STALE: 'true' });
    expect(childEnv(byVariable).POSTGRES_USER).toBe(USER);
  });

  it('a 403 (an identity outside the project) and a missing folder never serve the cache', async () => {
    const { cwd, cacheDir } = setup();
    plantCache(emu().url, cacheDir, HOURS, { clientId: OUTSIDER_ID, clientSecret: OUTSIDER_SECRET });
    const forbidden = await runWith(
      emu(),
      ['--offline-cache', ...printEnv(...KEYS)],
      { SECRETS_RUN_CACHE_DIR: cacheDir, INFISICAL_CLIENT_ID: OUTSIDER_ID, INFISICAL_CLIENT_SECRET: OUTSIDER_SECRET },
      { cwd },
    );
    expect(childEnv(forbidden).POSTGRES_HOST).toBeNull();
    expect(forbidden.stderr).toMatch(/HTTP 403/);
    expect(files(cacheDir, 'lkg-')).toEqual([]); // what the identity may no longer read is not kept

    plantCache(emu().url, cacheDir, HOURS, { environment: 'staging' });
    const missing = await runWith(
      emu(),
      ['--offline-cache', ...printEnv(...KEYS)],
      { SECRETS_RUN_CACHE_DIR: cacheDir, INFISICAL_ENVIRONMENT: 'staging' },
      { cwd },
    );
    expect(childEnv(missing).POSTGRES_HOST).toBeNull();
    expect(missing.stderr).not.toMatch(/offline cache/);
  });

  it('the files hold no value or credential in the clear; a tampered file is ignored and removed', async () => {
    const { cwd, cacheDir } = setup();
    const result = await runWith(emu(), ['--offline-cache', ...printEnv(...KEYS)], { SECRETS_RUN_CACHE_DIR: cacheDir }, { cwd });
    expect(childEnv(result).POSTGRES_USER).toBe(USER);
    const names = readdirSync(cacheDir);
    expect(names.filter((n) => n.startsWith('lkg-'))).toHaveLength(1);
    for (const name of names) {
      const bytes = readFileSync(join(cacheDir, name));
      for (const canary of [USER, HOST, CLIENT_SECRET]) {
        expect(bytes.includes(canary), `${name} holds a value`).toBe(false);
        expect(bytes.includes(Buffer.from(canary).toString('base64')), `${name} holds a value in base64`).toBe(false);
      }
    }
    // One flipped byte of the sealed part: the file no longer authenticates, is not served and goes.
    const path = join(cacheDir, files(cacheDir, 'lkg-')[0]!);
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf('\n') + 20;
    writeFileSync(path, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1), { mode: 0o600 });
    emu().setFaults({ status5xx: { route: 'list' } });
    const tampered = await runWith(emu(), ['--offline-cache', '--verbose', ...printEnv(...KEYS)], { SECRETS_RUN_CACHE_DIR: cacheDir }, { cwd });
    expect(childEnv(tampered).POSTGRES_HOST).toBeNull();
    expect(tampered.stderr).toMatch(/offline cache: a file that could not be read was removed/);
    expect(files(cacheDir, 'lkg-')).toEqual([]);
  });

  it('cache clear removes the token and offline cache files, and nothing else', async () => {
    const { cwd, cacheDir } = setup();
    await runWith(emu(), ['--offline-cache', ...printEnv(...KEYS)], { SECRETS_RUN_CACHE_DIR: cacheDir }, { cwd });
    writeFileSync(join(cacheDir, 'notes.txt'), 'mine');
    writeFileSync(join(cacheDir, `.lkg-${'a'.repeat(32)}.123.${'b'.repeat(12)}.tmp`), 'left by a killed launch');
    const cleared = await runCli(['cache', 'clear'], { cwd, env: { SECRETS_RUN_CACHE_DIR: cacheDir } });
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toBe(`removed 3 cache files from ${cacheDir}\n`);
    expect(readdirSync(cacheDir)).toEqual(['notes.txt']);
    const none = await runCli(['cache', 'clear'], { cwd, env: { SECRETS_RUN_CACHE_DIR: join(cwd, 'nowhere') } });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(`no cache directory at ${join(cwd, 'nowhere')}: nothing to remove\n`);
  });
});
