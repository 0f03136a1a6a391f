import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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
