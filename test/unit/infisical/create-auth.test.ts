import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTokenCache, type TokenStore } from '../../../src/cache/token-cache.js';
import { createAuth } from '../../../src/infisical/auth/create-auth.js';
import type { LoginContext } from '../../../src/infisical/auth/universal-auth.js';

// A token cache that records what is done to it, in order, beside what the caller sees.
const recordingStore = (events: string[], held?: string): TokenStore => ({
  read: () => held,
  write: (token) => void events.push(`write ${token}`),
  remove: () => void events.push('remove'),
  claimLogin: () => ({ kind: 'ours', release: () => void events.push('release') }),
  awaitToken: async () => undefined,
});

const context = (events: string[]): LoginContext => ({
  host: 'infisical.test',
  redact: (text: string) => text,
  send: async () => {
    events.push('login');
    return { status: 200, headers: {}, body: JSON.stringify({ accessToken: 'fresh-token', expiresIn: 3600 }) };
  },
  learned: () => undefined,
  counted: () => undefined,
  sendTo: () => {
    throw new Error('no other host here');
  },
  deadline: () => undefined,
});

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the token cache around a login', () => {
  it('hands the fresh token out first, then writes it and lets the lock go on the next turn', async () => {
    const events: string[] = [];
    const auth = createAuth({ method: 'universal-auth', clientId: 'id', clientSecret: 'secret' }, context(events), () => recordingStore(events));
    const token = await auth.token();
    events.push(`caller has ${token}`);
    await nextTurn();
    expect(events).toEqual(['login', 'caller has fresh-token', 'write fresh-token', 'release']);
  });

  it('a login that fails lets the lock go at once, and writes nothing', async () => {
    const events: string[] = [];
    const failing: LoginContext = {
      ...context(events),
      send: async () => ({ status: 500, headers: {}, body: '{"message":"down"}' }),
    };
    const auth = createAuth({ method: 'universal-auth', clientId: 'id', clientSecret: 'secret' }, failing, () => recordingStore(events));
    await expect(auth.token()).rejects.toBeDefined();
    expect(events).toEqual(['release']);
  });

  it('a cached token needs no login and no write (the control)', async () => {
    const events: string[] = [];
    const auth = createAuth({ method: 'universal-auth', clientId: 'id', clientSecret: 'secret' }, context(events), () =>
      recordingStore(events, 'cached-token'),
    );
    expect(await auth.token()).toBe('cached-token');
    await nextTurn();
    expect(events).toEqual([]);
  });

  it('a token refused before its write has run is removed, and the re-login gets a new one (a real cache)', async () => {
    const secret = 'client-secret-'.repeat(4);
    const dir = join(mkdtempSync(join(tmpdir(), 'secrets-run-auth-')), 'cache');
    const store = openTokenCache(
      { addr: 'https://infisical.test', clientId: 'id', clientSecret: secret },
      { SECRETS_RUN_CACHE_DIR: dir },
      { warn: () => undefined, detail: () => undefined },
    );
    expect(store).toBeDefined();
    let logins = 0;
    const numbered: LoginContext = {
      ...context([]),
      send: async () => ({ status: 200, headers: {}, body: JSON.stringify({ accessToken: `token-${++logins}`, expiresIn: 3600 }) }),
    };
    const auth = createAuth({ method: 'universal-auth', clientId: 'id', clientSecret: secret }, numbered, () => store);
    const first = await auth.token();
    // Refused in the same turn (a transport that answers without I/O can do it): no wait for the lock.
    expect(await auth.refresh(first)).toBe('token-2');
    await nextTurn();
    expect([logins, store!.read()]).toEqual([2, 'token-2']);
  });
});
