// Issue 15, the token cache: a launch within the token's lifetime makes no login; an expired,
// revoked or tampered cached token costs one login and the file is replaced; a directory others can
// reach is not used (one warning); a HOME where nothing can be written is no error; the file holds no
// token in the clear. Counts come from the emulator's stats.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTokenCache } from '../../src/cache/token-cache.js';
import { makeTree } from '../helpers/tree.js';
import { CLIENT_ID, CLIENT_SECRET, buildSeed, childEnv, contract, ownLines, printEnv, runWith, useEmulator, type Emulator } from '../helpers/emulator-env.js';

const emu = useEmulator(buildSeed({ prod: { '/shared/db': { POSTGRES_HOST: 'db.cached', POSTGRES_PASSWORD: 'cache-canary-password' } } }));

const project = (): string => makeTree({ 'contract.yaml': contract({ transport: 'db' }) });
const args = ['--verbose', ...printEnv('POSTGRES_HOST')];

interface Setup {
  cwd: string;
  cacheDir: string;
  run: (env?: Record<string, string | undefined>) => ReturnType<typeof runWith>;
}

const setup = (): Setup => {
  const cwd = project();
  const cacheDir = join(cwd, 'cache');
  return { cwd, cacheDir, run: (env = {}) => runWith(emu(), args, { SECRETS_RUN_CACHE_DIR: cacheDir, ...env }, { cwd }) };
};

// secrets-run's warnings, but for the planned keys this small seed does not hold.
const warnings = (stderr: string): string[] => ownLines(stderr).filter((l) => /warning|error/i.test(l) && !/required keys? missing/.test(l));

const tokenFiles = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('token-'));
const onlyFile = (dir: string): string => {
  const files = readdirSync(dir);
  expect(files).toHaveLength(1); // no temporary file left behind
  expect(files[0]).toMatch(/^token-[0-9a-f]{32}$/);
  return join(dir, files[0]!);
};

// The token in the cache, read as the launcher reads it (the test holds the client secret).
const cachedToken = (emulator: Emulator, cacheDir: string): string | undefined =>
  openTokenCache(
    { addr: new URL(emulator.url).href, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    { SECRETS_RUN_CACHE_DIR: cacheDir },
    { warn: () => undefined, detail: () => undefined },
  )?.read();

describe('token cache', () => {
  it('a second launch within the token lifetime makes no login; the files are 0600 in a 0700 directory', async () => {
    const { cacheDir, run } = setup();
    const first = await run();
    expect(childEnv(first).POSTGRES_HOST).toBe('db.cached');
    expect(emu().stats().logins).toBe(1);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(onlyFile(cacheDir)).mode & 0o777).toBe(0o600);
    emu().resetStats();
    const second = await run();
    expect(childEnv(second).POSTGRES_HOST).toBe('db.cached');
    expect(emu().stats().logins).toBe(0);
    expect(emu().stats().total).toBe(1); // the one list request
  });

  it('holds no token, client secret or value in the clear, and says none of them', async () => {
    const { cacheDir, run } = setup();
    const result = await run();
    const token = cachedToken(emu(), cacheDir)!;
    expect(token).toBeTruthy();
    const bytes = readFileSync(onlyFile(cacheDir));
    for (const canary of [token, CLIENT_SECRET, Buffer.from(token).toString('base64')]) expect(bytes.includes(canary)).toBe(false);
    for (const canary of [token, CLIENT_SECRET]) expect(result.stderr + result.stdout).not.toContain(canary);
  });

  it('--no-token-cache and SECRETS_RUN_NO_TOKEN_CACHE log in every time and write nothing', async () => {
    const { cwd, cacheDir } = setup();
    await runWith(emu(), ['--no-token-cache', ...args], { SECRETS_RUN_CACHE_DIR: cacheDir }, { cwd });
    await runWith(emu(), args, { SECRETS_RUN_CACHE_DIR: cacheDir, SECRETS_RUN_NO_TOKEN_CACHE: '1' }, { cwd });
    expect(emu().stats().logins).toBe(2);
    expect(() => readdirSync(cacheDir)).toThrow();
  });

  it('is not used with INFISICAL_TOKEN', async () => {
    const { cacheDir, run } = setup();
    const token = await (await import('../helpers/emulator-env.js')).loginToken(emu());
    emu().resetStats();
    await run({ INFISICAL_TOKEN: token });
    expect(emu().stats().logins).toBe(0);
    expect(() => readdirSync(cacheDir)).toThrow();
  });

  it('a cached token too close to its expiry is replaced with one login', async () => {
    const { cacheDir, run } = setup();
    emu().setFaults({ tokenTtlSeconds: 30 }); // under the 60 s margin: never good for a later launch
    await run();
    const before = readFileSync(onlyFile(cacheDir));
    emu().resetStats();
    const again = await run();
    expect(childEnv(again).POSTGRES_HOST).toBe('db.cached');
    expect(emu().stats().logins).toBe(1);
    expect(readFileSync(onlyFile(cacheDir)).equals(before)).toBe(false);
  });

  it('a revoked cached token: one re-login, the file replaced, and the next launch uses the new token', async () => {
    const { cacheDir, run } = setup();
    await run();
    const old = cachedToken(emu(), cacheDir)!;
    const revoked = await fetch(`${emu().url}/api/v1/auth/token/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: old }),
    });
    expect(revoked.status).toBe(200);
    emu().resetStats();
    const second = await run();
    expect(childEnv(second).POSTGRES_HOST).toBe('db.cached');
    expect(emu().stats().logins).toBe(1);
    expect(emu().stats().statuses['401']).toBe(1);
    const fresh = cachedToken(emu(), cacheDir);
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(old);
    emu().resetStats();
    await run();
    expect(emu().stats().logins).toBe(0);
  });

  it('a tampered cache file is ignored and replaced', async () => {
    const { cacheDir, run } = setup();
    await run();
    const file = onlyFile(cacheDir);
    const text = readFileSync(file, 'utf8');
    const [header, body] = text.split('\n');
    // A later expiry in the header: authenticated, so the whole file fails.
    const edited = JSON.stringify({ ...(JSON.parse(header!) as object), expiresAt: 9e15 });
    writeFileSync(file, `${edited}\n${body}\n`, { mode: 0o600 });
    emu().resetStats();
    const result = await run();
    expect(childEnv(result).POSTGRES_HOST).toBe('db.cached');
    expect(emu().stats().logins).toBe(1);
    expect(readFileSync(onlyFile(cacheDir), 'utf8')).not.toBe(`${edited}\n${body}\n`);
    expect(warnings(result.stderr)).toEqual([]);
    emu().resetStats();
    await run();
    expect(emu().stats().logins).toBe(0);
  });

  it('a cache directory others can reach is not used: one warning, a normal login', async () => {
    const { cacheDir, run } = setup();
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o755);
    const result = await run({ SECRETS_RUN_VERBOSE: undefined });
    expect(childEnv(result).POSTGRES_HOST).toBe('db.cached');
    expect(warnings(result.stderr)).toEqual([`secrets-run: warning: token cache ${cacheDir} not used: group or others have access (mode 755; chmod 700 it)`]);
    expect(tokenFiles(cacheDir)).toEqual([]);
    expect(emu().stats().logins).toBe(1);
  });

  it('a HOME where nothing can be made is no error (the default directory under it)', async () => {
    const { cwd } = setup();
    writeFileSync(join(cwd, 'not-a-dir'), '');
    const homes = [join(cwd, 'not-a-dir', 'home'), '/proc'];
    if (process.getuid?.() !== 0) {
      const readOnly = join(cwd, 'read-only-home');
      mkdirSync(readOnly, { mode: 0o500 });
      homes.push(readOnly, '/nonexistent');
    }
    for (const home of homes) {
      const quiet = await runWith(emu(), printEnv('POSTGRES_HOST'), { SECRETS_RUN_CACHE_DIR: undefined, HOME: home }, { cwd });
      expect(childEnv(quiet).POSTGRES_HOST, home).toBe('db.cached');
      expect(quiet.code).toBe(0);
      expect(warnings(quiet.stderr), home).toEqual([]);
      const verbose = await runWith(emu(), args, { SECRETS_RUN_CACHE_DIR: undefined, HOME: home }, { cwd });
      expect(
        ownLines(verbose.stderr).filter((l) => /token cache/.test(l)),
        home,
      ).toHaveLength(1);
    }
  });

  it('XDG_CACHE_HOME places the directory when SECRETS_RUN_CACHE_DIR is unset', async () => {
    const { cwd } = setup();
    await runWith(emu(), args, { SECRETS_RUN_CACHE_DIR: undefined, XDG_CACHE_HOME: join(cwd, 'xdg') }, { cwd });
    expect(tokenFiles(join(cwd, 'xdg', 'secrets-run'))).toHaveLength(1);
  });
});
