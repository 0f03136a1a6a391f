import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheSecret } from '../../../src/cache/cache-secret.js';
import { isCacheFileName } from '../../../src/cache/clear-cache.js';
import { offlineFileName, openOfflineCache, type CachedFolder, type CachedFolders } from '../../../src/cache/offline-cache.js';
import { parseDuration } from '../../../src/settings/kinds.js';
import { formatAge } from '../../../src/util/age.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const scope = { addr: 'https://infisical.test/', projectId: 'p', environment: 'prod', service: 'api' };
const secret = { identity: 'client-id', secret: 'client-secret-one' };

const cacheDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'offline-cache-'));
  dirs.push(dir);
  return join(dir, 'c');
};
const open = (dir: string, key = secret, at = scope, notes: string[] = []) =>
  openOfflineCache(at, key, { SECRETS_RUN_CACHE_DIR: dir }, { warn: (m) => notes.push(m), detail: (m) => notes.push(m) })!;
const folder = (fetchedAt: number): CachedFolder => ({ fetchedAt, planned: ['A', 'B', 'H'], values: { A: 'value-a', B: 'value-b' }, hidden: ['H'] });
const folders = (fetchedAt = 1_000): CachedFolders => new Map([['/services/api/db/', folder(fetchedAt)]]);
const theFile = (dir: string): string =>
  join(
    dir,
    readdirSync(dir).find((n) => n.startsWith('lkg-'))!,
  );

describe('offline cache file', () => {
  it('reads back what was written: values, hidden names, each folder with its own fetchedAt', () => {
    const dir = cacheDir();
    const written = new Map([...folders(1_000), ['/shared/db/', { fetchedAt: 2_000, planned: ['A'], values: {}, hidden: [] }]]);
    open(dir).write(written);
    expect(open(dir).read()).toEqual(written);
    expect(readdirSync(dir)).toEqual([offlineFileName(scope, secret.identity)]);
    expect(offlineFileName(scope, secret.identity)).toMatch(/^lkg-[0-9a-f]{32}$/);
  });

  it('is named and keyed by address, project, environment, identity and service', () => {
    const names = new Set(
      [scope, { ...scope, addr: 'https://other.test/' }, { ...scope, projectId: 'q' }, { ...scope, environment: 'dev' }, { ...scope, service: '' }].map((s) =>
        offlineFileName(s, secret.identity),
      ),
    );
    names.add(offlineFileName(scope, 'another-client'));
    expect(names.size).toBe(6);
  });

  it('holds no value or secret in the clear', () => {
    const dir = cacheDir();
    open(dir).write(folders());
    const bytes = readFileSync(theFile(dir));
    for (const canary of ['value-a', 'value-b', secret.secret, '/services/api/db/']) {
      expect(bytes.includes(canary)).toBe(false);
      expect(bytes.includes(Buffer.from(canary).toString('base64'))).toBe(false);
    }
  });

  it('a wrong key (a rotated secret, another identity copied over the name) reads as nothing and removes the file', () => {
    const dir = cacheDir();
    open(dir).write(folders());
    const notes: string[] = [];
    expect(open(dir, { ...secret, secret: 'client-secret-two' }, scope, notes).read()).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
    expect(notes).toEqual(['offline cache: a file that could not be read was removed']);
  });

  it('a tampered body, an edited header or a truncated file reads as nothing and is removed', () => {
    const edits: ((text: string) => string)[] = [
      (text) => {
        const at = text.indexOf('\n') + 30;
        return text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
      },
      (text) => text.replace(/"writtenAt":\d+/, '"writtenAt":1'),
      (text) => text.slice(0, text.length - 40),
      (text) => text.slice(0, text.indexOf('\n')),
    ];
    for (const edit of edits) {
      const dir = cacheDir();
      open(dir).write(folders());
      const path = theFile(dir);
      writeFileSync(path, edit(readFileSync(path, 'utf8')), { mode: 0o600 });
      expect(open(dir).read()).toBeUndefined();
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('the age is the authenticated fetchedAt, not the mtime: touching the file changes nothing', () => {
    const dir = cacheDir();
    open(dir).write(folders(12_345));
    const path = theFile(dir);
    utimesSync(path, new Date(), new Date());
    expect(open(dir).read()!.get('/services/api/db/')!.fetchedAt).toBe(12_345);
  });

  it('writing no folder removes the file', () => {
    const dir = cacheDir();
    open(dir).write(folders());
    open(dir).write(new Map());
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the key material', () => {
  it('Universal Auth: the client secret, for the client id; a token alone: the token, for "token"', () => {
    expect(cacheSecret({ clientId: 'id', clientSecret: 's', token: 't' }, {})).toEqual({ identity: 'id', secret: 's' });
    expect(cacheSecret({ token: 't' }, {})).toEqual({ identity: 'token', secret: 't' });
  });

  it('another login: only with SECRETS_RUN_CACHE_KEY of 32 bytes or more, for the identity id', () => {
    const key = 'k'.repeat(32);
    expect(cacheSecret({ identityId: 'ident' }, { SECRETS_RUN_CACHE_KEY: key })).toEqual({ identity: 'ident', secret: key });
    expect(cacheSecret({ identityId: 'ident' }, { SECRETS_RUN_CACHE_KEY: key.slice(1) })).toBeUndefined();
    expect(cacheSecret({ identityId: 'ident' }, {})).toBeUndefined();
    expect(cacheSecret({ clientId: 'id' }, { SECRETS_RUN_CACHE_KEY: key })).toBeUndefined();
  });
});

describe('durations and ages', () => {
  const fail = (message: string): Error => new Error(message);
  it('reads 90s, 30m, 3h, 2d and sums of them; refuses a bare number, zero, junk and more than a year', () => {
    expect([' 90s', '30m', '3h', '2D', '1h30m'].map((d) => parseDuration(d, 'x', fail))).toEqual([90, 1800, 10800, 172800, 5400]);
    for (const bad of ['', '1', '0s', '3 h', 'h', '3x', '1h-5m', '400d']) expect(() => parseDuration(bad, 'x', fail), bad).toThrow(/invalid max age/);
  });

  it('says an age in its two largest units', () => {
    expect([0, 45, 725, 3 * 3600 + 12 * 60 + 5, 3 * 3600, 2 * 86400 + 3 * 3600 + 60].map(formatAge)).toEqual(['0s', '45s', '12m5s', '3h12m', '3h', '2d3h']);
  });
});

describe('cache clear', () => {
  it('takes our names and our temporary files, nothing else', () => {
    const hex = 'a'.repeat(32);
    for (const name of [`token-${hex}`, `lkg-${hex}`, `.lkg-${hex}.123.${'b'.repeat(12)}.tmp`, `.token-${hex}.9.${'c'.repeat(12)}.tmp`])
      expect(isCacheFileName(name), name).toBe(true);
    for (const name of [`lkg-${hex}.bak`, `.lkg-${hex}`, `lkg-${hex}.1.${'b'.repeat(12)}.tmp`, 'notes.txt', `lkg-${'A'.repeat(32)}`, `lkg-${hex}x`])
      expect(isCacheFileName(name), name).toBe(false);
  });
});
