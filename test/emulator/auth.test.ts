import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { CLIENT_ID, CLIENT_SECRET, REQ_ID, call, listV4, login, postJson, start, token } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await start();
});
afterEach(async () => {
  await emu.close();
});

describe('universal auth login', () => {
  it('issues a bearer token with the real response shape', async () => {
    const r = await login(emu);
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['accessToken', 'accessTokenMaxTTL', 'expiresIn', 'tokenType']);
    expect(r.json).toMatchObject({ expiresIn: 7200, tokenType: 'Bearer' });
    expect(typeof r.json.accessToken).toBe('string');
    expect(r.json.accessToken).not.toContain(CLIENT_SECRET);
  });

  it('ignores a trailing slash and trims credentials, like the CLI sends them', async () => {
    const r = await postJson(`${emu.url}/api/v1/auth/universal-auth/login/`, { clientId: ` ${CLIENT_ID} `, clientSecret: `${CLIENT_SECRET}\n` });
    expect(r.status).toBe(200);
  });

  it('answers a wrong secret and an unknown id with 401 Invalid credentials', async () => {
    for (const r of [await login(emu, CLIENT_ID, 'wrong'), await login(emu, 'nobody', CLIENT_SECRET)]) {
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ reqId: expect.stringMatching(REQ_ID), statusCode: 401, message: 'Invalid credentials', error: 'UnauthorizedError' });
    }
  });

  it('answers missing or ill-typed fields with 422 and Zod issues as the message', async () => {
    const r = await postJson(`${emu.url}/api/v1/auth/universal-auth/login`, { clientSecret: 42 });
    expect(r.status).toBe(422);
    expect(r.json.error).toBe('ValidationFailure');
    expect(r.json.statusCode).toBe(422);
    expect(r.json.message).toEqual([
      expect.objectContaining({ code: 'invalid_type', path: ['clientId'], message: 'Required' }),
      expect.objectContaining({ code: 'invalid_type', path: ['clientSecret'], expected: 'string', received: 'number' }),
    ]);
  });

  it('rejects every login while the wrongCredentials fault is on', async () => {
    emu.setFaults({ wrongCredentials: true });
    expect((await login(emu)).status).toBe(401);
    emu.setFaults({});
    expect((await login(emu)).status).toBe(200);
  });

  it('does not echo secrets into error bodies', async () => {
    const r = await login(emu, CLIENT_ID, 'super-secret-attempt');
    expect(r.text).not.toContain('super-secret-attempt');
  });
});

describe('bearer checks on secret routes', () => {
  it('is 401 Token missing without an Authorization header', async () => {
    const r = await call(`${emu.url}/api/v4/secrets?projectId=test-project&environment=prod`);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ statusCode: 401, error: 'UnauthorizedError', message: 'Token missing' });
  });

  it('is 403 TokenError for a garbage token', async () => {
    const r = await listV4(emu, 'not-a-token', {});
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ statusCode: 403, error: 'TokenError', message: expect.stringMatching(/^The provided access token is malformed/) });
  });

  it('expires tokens with a 403 (not 401) when tokenTtlSeconds is 0, and a re-login recovers', async () => {
    emu.setFaults({ tokenTtlSeconds: 0 });
    const first = await login(emu);
    expect(first.json.expiresIn).toBe(0);
    const r = await listV4(emu, first.json.accessToken, { secretPath: '/shared/db' });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({
      reqId: expect.stringMatching(REQ_ID),
      statusCode: 403,
      error: 'TokenError',
      message: 'Your token has expired. Please re-authenticate.',
    });
    const again = await listV4(emu, await token(emu), { secretPath: '/shared/db' });
    expect(again.status).toBe(200);
  });

  it('reports a positive tokenTtlSeconds as expiresIn', async () => {
    emu.setFaults({ tokenTtlSeconds: 30 });
    expect((await login(emu)).json.expiresIn).toBe(30);
  });
});

describe('token renew and revoke', () => {
  it('renews into a new working token', async () => {
    const old = await token(emu);
    const r = await postJson(`${emu.url}/api/v1/auth/token/renew`, { accessToken: old });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ tokenType: 'Bearer', expiresIn: 7200 });
    expect(r.json.accessToken).not.toBe(old);
    expect((await listV4(emu, r.json.accessToken, { secretPath: '/shared/db' })).status).toBe(200);
  });

  it('revokes a token; using it afterwards is 401 No identity access token found', async () => {
    const tok = await token(emu);
    const r = await postJson(`${emu.url}/api/v1/auth/token/revoke`, { accessToken: tok });
    expect(r.json).toEqual({ message: 'Successfully revoked access token' });
    const after = await listV4(emu, tok, {});
    expect(after.status).toBe(401);
    expect(after.json.message).toBe('No identity access token found');
  });

  it('refuses to renew an unknown token with a 403 TokenError', async () => {
    const r = await postJson(`${emu.url}/api/v1/auth/token/renew`, { accessToken: 'nope' });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('TokenError');
  });
});
