// Infisical's per-client-IP rate limits (the `limits` knob): a `secrets` class for secret reads and
// an `auth` class for logins and renewals, each a sliding window per address, on the emulator's clock.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator, Faults } from '../../emulator/types.js';
import { PROJECT, REQ_ID, call, getFrom, listV3, listV4, login, postJson, query, start, token } from './helpers.js';
import type { Reply } from './helpers.js';

let emu: Emulator | undefined;
let now = 1_700_000_000_000;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** An emulator on a clock the test moves, its token got before the limits are set. */
async function limited(faults: Faults): Promise<{ emu: Emulator; tok: string }> {
  now = 1_700_000_000_000;
  emu = await start(undefined, () => now);
  const tok = await token(emu);
  emu.setFaults(faults);
  emu.resetStats();
  return { emu, tok };
}

const DB = { secretPath: '/shared/db', includeImports: 'false' };

/** Every secret read route counts against the one `secrets` class. */
function read(emu: Emulator, tok: string, i: number): Promise<Reply> {
  if (i % 3 === 0) return listV4(emu, tok, DB);
  if (i % 3 === 1) return listV3(emu, tok, DB);
  return call(`${emu.url}/api/v4/secrets/POSTGRES_HOST?${query({ projectId: PROJECT, environment: 'prod', secretPath: '/shared/db' })}`, {
    headers: { authorization: `Bearer ${tok}` },
  });
}

function rateHeaders(r: Reply): Record<string, string | null> {
  return Object.fromEntries(['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'].map((h) => [h, r.headers.get(h)]));
}

describe('per-IP rate limits', () => {
  it('lets 60 secret reads through in a minute and refuses the 61st with 429 and retry-after', async () => {
    const { emu, tok } = await limited({ limits: {} });
    for (let i = 0; i < 60; i++) {
      const r = await read(emu, tok, i);
      expect(r.status).toBe(200);
      expect(rateHeaders(r)).toEqual({ 'retry-after': null, 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': String(59 - i), 'x-ratelimit-reset': '60' });
    }
    now += 15_000;
    const refused = await read(emu, tok, 60);
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({
      reqId: expect.stringMatching(REQ_ID),
      statusCode: 429,
      error: 'RateLimitExceeded',
      message: 'Rate limit exceeded. Please try again in 45 seconds',
    });
    expect(rateHeaders(refused)).toEqual({ 'retry-after': '45', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '45' });
    expect(emu.stats().statuses).toMatchObject({ '200': 60, '429': 1 });
  });

  it('counts logins and renewals apart from reads, and leaves other routes alone', async () => {
    const { emu, tok } = await limited({ limits: { secrets: 2, auth: 3 } });
    expect((await read(emu, tok, 0)).status).toBe(200);
    expect((await read(emu, tok, 1)).status).toBe(200);
    expect((await read(emu, tok, 2)).status).toBe(429);
    const first = await login(emu);
    expect(rateHeaders(first)).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2' });
    expect((await postJson(`${emu.url}/api/v1/auth/token/renew`, { accessToken: tok })).status).toBe(200);
    expect((await login(emu)).status).toBe(200);
    const fourth = await login(emu);
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toBe('60');
    const status = await call(`${emu.url}/api/status`);
    expect(status.status).toBe(200);
    expect(status.headers.get('x-ratelimit-limit')).toBeNull();
    expect((await postJson(`${emu.url}/api/v1/auth/token/revoke`, { accessToken: tok })).status).toBe(200);
  });

  it('gives each client address a budget of its own', async () => {
    const { emu, tok } = await limited({ limits: { secrets: 1 } });
    const url = `${emu.url}/api/v3/secrets/raw?${query({ workspaceId: PROJECT, environment: 'prod', ...DB })}`;
    const auth = { authorization: `Bearer ${tok}` };
    expect((await getFrom('127.0.0.1', url, auth)).status).toBe(200);
    expect((await getFrom('127.0.0.1', url, auth)).status).toBe(429);
    const other = await getFrom('127.0.0.2', url, auth);
    expect(other.status).toBe(200);
    expect(rateHeaders(other)).toMatchObject({ 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0' });
    expect((await getFrom('127.0.0.2', url, auth)).status).toBe(429);
  });

  it('frees a slot as the oldest request leaves the window, and refusals do not hold it back', async () => {
    const { emu, tok } = await limited({ limits: { secrets: 3 } });
    const start = now;
    for (const at of [0, 10_000, 20_000]) {
      now = start + at;
      expect((await read(emu, tok, 0)).status).toBe(200);
    }
    now = start + 30_000;
    expect((await read(emu, tok, 0)).headers.get('retry-after')).toBe('30');
    now = start + 59_999;
    expect((await read(emu, tok, 0)).headers.get('retry-after')).toBe('1');
    now = start + 60_000;
    const freed = await read(emu, tok, 0);
    expect(freed.status).toBe(200);
    // The next slot comes back when the request made at 10 s leaves, at 70 s.
    expect(rateHeaders(freed)).toMatchObject({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '10' });
    expect((await read(emu, tok, 0)).headers.get('retry-after')).toBe('10');
    now = start + 70_000;
    expect((await read(emu, tok, 0)).status).toBe(200);
  });

  it('answers as the older server did with the rateLimit500 legacy knob: 500, no reqId, the same headers', async () => {
    const { emu, tok } = await limited({ limits: { secrets: 1, windowMs: 10_000 }, legacy: { rateLimit500: true } });
    expect((await read(emu, tok, 0)).status).toBe(200);
    now += 2_000;
    const r = await read(emu, tok, 0);
    expect(r.status).toBe(500);
    expect(r.text).toBe('{"statusCode":500,"message":"Something went wrong","error":"InternalServerError"}');
    expect(rateHeaders(r)).toEqual({ 'retry-after': '8', 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '8' });
  });

  it('does not count a v4 request while the older server has no v4 routes', async () => {
    const { emu, tok } = await limited({ limits: { secrets: 1 }, legacy: { noV4: true } });
    const v4 = await listV4(emu, tok, DB);
    expect(v4.status).toBe(404);
    expect(v4.headers.get('x-ratelimit-limit')).toBeNull();
    expect((await listV3(emu, tok, DB)).status).toBe(200);
  });

  it('starts every window afresh when the faults are set again', async () => {
    const { emu, tok } = await limited({ limits: { secrets: 1 } });
    expect((await read(emu, tok, 0)).status).toBe(200);
    expect((await read(emu, tok, 0)).status).toBe(429);
    emu.setFaults({ limits: { secrets: 1 } });
    expect((await read(emu, tok, 0)).status).toBe(200);
  });

  it('is off without the knob (the in-process default), and a class set to 0 is unlimited', async () => {
    for (const faults of [{}, { limits: { secrets: 0 } }]) {
      const { emu, tok } = await limited(faults);
      const replies = await Promise.all(Array.from({ length: 61 }, (_, i) => read(emu, tok, i)));
      expect(replies.map((r) => [r.status, r.headers.get('x-ratelimit-limit')])).toEqual(Array(61).fill([200, null]));
      expect((await login(emu)).headers.get('x-ratelimit-limit')).toBe(faults.limits ? '60' : null);
      await emu.close();
    }
  });

  it('rejects invalid limits', async () => {
    emu = await start();
    const set = (limits: unknown) => () => emu?.setFaults({ limits } as Faults);
    expect(set({ secrets: -1 })).toThrow(/limits\.secrets must be an integer >= 0/);
    expect(set({ auth: 1.5 })).toThrow(/limits\.auth/);
    expect(set({ windowMs: 0 })).toThrow(/limits\.windowMs/);
    expect(set({ reads: 5 })).toThrow(/unknown key 'limits\.reads'/);
    expect(set(60)).toThrow(/limits must be an object/);
  });
});
