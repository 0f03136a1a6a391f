import { afterEach, describe, expect, it } from 'vitest';
import { InfisicalClient } from '../../../src/infisical/client.js';
import type { AuthChoice } from '../../../src/infisical/auth/choose-method.js';
import type { Listing } from '../../../src/infisical/routes/list-secrets.js';
import { fakeHttp, infisicalFailure, json, listed, unknownRoute, type Answer } from '../../helpers/fake-http.js';

const LOGIN = '/api/v1/auth/universal-auth/login';
const V4 = '/api/v4/secrets';
const V3 = '/api/v3/secrets/raw';
const scope = { projectId: 'p1', environment: 'prod' };
const clients: InfisicalClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

const open = (
  routes: Record<string, Answer[]>,
  credentials: AuthChoice = { method: 'universal-auth', clientId: 'id', clientSecret: 'client-secret-value' },
) => {
  const http = fakeHttp(routes);
  const client = new InfisicalClient(new URL('http://infisical.test:8080'), credentials, { http: () => http, policy: { baseMs: 1, capMs: 1, maxAttempts: 2 } });
  clients.push(client);
  client.begin(10_000);
  return { client, http };
};

// A folder's listing, read whole, as the fetch reads it with every key wanted.
const read = async (client: InfisicalClient, folder: string, listing: Promise<Listing>) => {
  const arrived = await listing;
  if (arrived.missing) throw new Error(`${folder} is missing`);
  return client.takeFromListing(folder, await client.openListing(folder, arrived.body), { kind: 'folder', keys: new Set(['A', 'B', 'K']) });
};

describe('the Infisical client', () => {
  it('logs in once for every folder, and lists each with the token', async () => {
    const { client, http } = open({ [LOGIN]: [json(200, { accessToken: 'tok-1', expiresIn: 60 })], [V4]: [listed({ A: 'a-value' })] });
    const [one, two] = await Promise.all([
      read(client, '/shared/db/', client.listSecrets('/shared/db/', scope)),
      read(client, '/shared/env/', client.listSecrets('/shared/env/', scope)),
    ]);
    expect([one.values.get('A'), two.values.get('A')]).toEqual(['a-value', 'a-value']);
    expect(client.logins).toBe(1);
    expect(http.seen.filter((r) => r.path.startsWith(V4)).map((r) => r.token)).toEqual(['tok-1', 'tok-1']);
    expect(client.redactor.redact('tok-1 a-value client-secret-value')).toBe('[redacted] [redacted] [redacted]');
  });

  it('asks for a recursive list when told to, and never otherwise', async () => {
    const { client, http } = open({ [LOGIN]: [json(200, { accessToken: 't' })], [V4]: [listed({})] });
    await client.listSecrets('/services/api/', scope, { recursive: true });
    await client.listSecrets('/shared/', scope);
    const recursive = http.seen.filter((r) => r.path.startsWith(V4)).map((r) => new URL(r.path, 'http://x').searchParams.get('recursive'));
    expect(recursive).toEqual(['true', 'false']);
  });

  it('moves to the v3 route for good when the server lacks v4', async () => {
    const { client, http } = open({ [LOGIN]: [json(200, { accessToken: 't' })], [V4]: [unknownRoute(V4)], [V3]: [listed({ B: 'b' })] });
    expect((await read(client, '/shared/a/', client.listSecrets('/shared/a/', scope))).values.get('B')).toBe('b');
    expect((await read(client, '/shared/b/', client.listSecrets('/shared/b/', scope))).values.get('B')).toBe('b');
    expect(http.seen.map((r) => r.path.split('?')[0])).toEqual([LOGIN, V4, V3, V3]);
  });

  it('logs in again once when the token is refused, then names the folder it could not list', async () => {
    const { client } = open({ [LOGIN]: [json(200, { accessToken: 't1' }), json(200, { accessToken: 't2' })], [V4]: [json(401, { message: 'expired' })] });
    const error = await infisicalFailure(client.listSecrets('/shared/db/', scope));
    expect([error.code, error.folder, error.status, client.logins]).toEqual(['INFISICAL_AUTH_REFUSED', '/shared/db/', 401, 2]);
    expect(error.message).toBe('http://infisical.test:8080 refused the access token (HTTP 401) (listing /shared/db/)');
  });

  it("a refused login is every folder's failure: thrown without a folder", async () => {
    const { client } = open({ [LOGIN]: [json(401, { message: 'bad client-secret-value' })] });
    const error = await infisicalFailure(client.listSecrets('/shared/db/', scope));
    expect([error.code, error.phase, error.folder]).toEqual(['INFISICAL_AUTH_REFUSED', 'login', undefined]);
    expect(error.message).toBe('http://infisical.test:8080 refused the credentials (HTTP 401: bad [redacted])');
  });

  it('opens connections ahead only while a login is in flight', async () => {
    const { client, http } = open({ [LOGIN]: [json(200, { accessToken: 't' })], [V4]: [listed({})] });
    const loggedIn = client.authenticate();
    const lists = [client.listSecrets('/a/', scope), client.listSecrets('/b/', scope)];
    await loggedIn;
    await Promise.all(lists);
    await client.listSecrets('/c/', scope);
    expect(http.warmed).toBe(2);
    const preset = open({ [V4]: [listed({})] }, { method: 'token', token: 'preset-token' });
    await preset.client.authenticate();
    await preset.client.listSecrets('/a/', scope);
    expect([preset.http.warmed, preset.client.logins]).toEqual([0, 0]);
  });
});

describe('the Infisical client, when a token expires on an older server', () => {
  it('a folder that falls back to v3 uses the token a re-login started meanwhile, not the refused one', async () => {
    // /a/ is refused its token on v4 and logs in again; /b/'s v4 answer (no such route) comes while
    // that login is in flight, and /b/ must wait for its token rather than send the refused one to v3.
    const gate = () => {
      let open!: () => void;
      return { opened: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
    };
    const bAnswer = gate();
    const relogin = gate();
    let v4 = 0;
    const { client, http } = open({
      [LOGIN]: [json(200, { accessToken: 'old' }), async () => (await relogin.opened, json(200, { accessToken: 'new' }))],
      [V4]: [async (req) => (v4++ === 0 ? json(401, { message: 'expired' }) : (await bAnswer.opened, unknownRoute(req.path)))],
      [V3]: [(req) => (req.token === 'new' ? listed({ K: 'v' }) : json(401, { message: 'expired' }))],
    });
    const lists = Promise.all([read(client, '/a/', client.listSecrets('/a/', scope)), read(client, '/b/', client.listSecrets('/b/', scope))]);
    while (http.seen.filter((r) => r.path === LOGIN).length < 2) await new Promise((resolve) => setImmediate(resolve));
    bAnswer.open();
    await new Promise((resolve) => setImmediate(resolve));
    relogin.open();
    expect((await lists).map((r) => r.values.get('K'))).toEqual(['v', 'v']);
    expect(http.seen.filter((r) => r.path.startsWith(V3)).map((r) => r.token)).toEqual(['new', 'new']);
    expect(client.logins).toBe(2);
  });

  it('a failed re-login names the folder that asked for it', async () => {
    const { client } = open({
      [LOGIN]: [json(200, { accessToken: 't1' }), json(401, { message: 'identity revoked' })],
      [V4]: [json(401, { message: 'expired' })],
    });
    const error = await infisicalFailure(client.listSecrets('/shared/db/', scope));
    expect([error.code, error.phase, error.folder]).toEqual(['INFISICAL_AUTH_REFUSED', 'login', '/shared/db/']);
    expect(error.message).toBe('http://infisical.test:8080 refused the credentials (HTTP 401: identity revoked) (listing /shared/db/)');
  });

  it('refuses to send before a deadline is set', async () => {
    const http = fakeHttp({ [LOGIN]: [json(200, { accessToken: 't' })] });
    const client = new InfisicalClient(
      new URL('http://infisical.test'),
      { method: 'universal-auth', clientId: 'i', clientSecret: 's-secret' },
      { http: () => http },
    );
    await expect(client.listSecrets('/a/', scope)).rejects.toThrow(/begin\(\)/);
    expect(http.count).toBe(0);
  });
});
