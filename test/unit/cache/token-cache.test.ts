import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTokenCache, stillGood } from '../../../src/cache/token-cache.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const quiet = { warn: () => undefined, detail: () => undefined };
const identity = { addr: 'https://infisical.test/', clientId: 'id', clientSecret: 'secret-one' };

const cacheAt = (now: () => number, secret = identity.clientSecret) => {
  const dir = dirs[0] ?? (dirs.push(mkdtempSync(join(tmpdir(), 'token-cache-'))), dirs[0]!);
  return { dir, cache: openTokenCache({ ...identity, clientSecret: secret }, { SECRETS_RUN_CACHE_DIR: join(dir, 'c') }, quiet, now)! };
};

describe('token cache', () => {
  it('keeps a token until max(60 s, 10 % of its lifetime) before expiry', () => {
    expect(stillGood({ v: 1, createdAt: 0, expiresAt: 7_200_000 }, 6_479_999)).toBe(true);
    expect(stillGood({ v: 1, createdAt: 0, expiresAt: 7_200_000 }, 6_480_000)).toBe(false);
    expect(stillGood({ v: 1, createdAt: 0, expiresAt: 300_000 }, 239_999)).toBe(true);
    expect(stillGood({ v: 1, createdAt: 0, expiresAt: 300_000 }, 240_000)).toBe(false);
  });

  it('expiresIn 0 is trusted for 24 h at most', () => {
    let now = 1_000;
    const { cache } = cacheAt(() => now);
    cache.write('tok-zero', 0);
    now += 21 * 3600_000;
    expect(cache.read()).toBe('tok-zero');
    now += 3 * 3600_000;
    expect(cache.read()).toBeUndefined();
  });

  it('another client secret cannot read it, and the unreadable file is removed', () => {
    const { dir, cache } = cacheAt(() => 0);
    cache.write('tok-secret', 3600);
    expect(readFileSync(join(dir, 'c', readdirSync(join(dir, 'c'))[0]!)).includes('tok-secret')).toBe(false);
    expect(cacheAt(() => 0, 'secret-two').cache.read()).toBeUndefined();
    expect(readdirSync(join(dir, 'c'))).toEqual([]);
  });
});

describe('one login among launches sharing the directory', () => {
  const lockOf = (dir: string): string | undefined => readdirSync(join(dir, 'c')).find((f) => f.endsWith('.lock'));

  it('the first claim logs in; the next waits and gets the token the first leaves; the lock goes with the login', async () => {
    const { dir, cache: first } = cacheAt(Date.now);
    const second = cacheAt(Date.now).cache;
    const claim = first.claimLogin();
    expect(claim.kind).toBe('ours');
    expect(second.claimLogin().kind).toBe('theirs');
    const waiting = second.awaitToken(undefined, 5000);
    setTimeout(() => {
      first.write('tok-shared', 3600);
      if (claim.kind === 'ours') claim.release();
    }, 50);
    expect(await waiting).toBe('tok-shared');
    expect(lockOf(dir)).toBeUndefined();
  });

  it('a login that ends without a token (it failed) ends the wait at once, with nothing', async () => {
    const { cache: first } = cacheAt(Date.now);
    const second = cacheAt(Date.now).cache;
    const claim = first.claimLogin();
    const started = Date.now();
    setTimeout(() => claim.kind === 'ours' && claim.release(), 30);
    expect(await second.awaitToken(undefined, 10_000)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a lock whose launch is gone, or older than any login, is taken over; a wait is bounded by its time and the deadline's signal", async () => {
    const { dir, cache } = cacheAt(Date.now);
    expect(cache.claimLogin().kind).toBe('ours'); // never released: as a killed launch leaves it
    const lock = join(dir, 'c', lockOf(dir)!);
    writeFileSync(lock, '2147483646\n'); // no such process
    expect(cache.claimLogin().kind).toBe('ours');
    writeFileSync(lock, `${process.pid}\n`);
    utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(cache.claimLogin().kind).toBe('ours');
    expect(cache.claimLogin().kind).toBe('theirs'); // a fresh lock of a live launch
    expect(await cache.awaitToken(undefined, 100)).toBeUndefined();
    expect(await cache.awaitToken(AbortSignal.abort(), 10_000)).toBeUndefined();
  });

  it('something else at the lock name (a directory) never makes a launch wait: it logs in itself', async () => {
    const { dir, cache } = cacheAt(Date.now);
    const claim = cache.claimLogin();
    const lock = join(dir, 'c', lockOf(dir)!);
    if (claim.kind === 'ours') claim.release();
    mkdirSync(lock);
    expect(cache.claimLogin().kind).toBe('theirs');
    const started = Date.now();
    expect(await cache.awaitToken(undefined, 10_000)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
