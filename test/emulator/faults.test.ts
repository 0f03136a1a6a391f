import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Emulator, Faults } from '../../emulator/types.js';
import { REQ_ID, listV4, login, start, token } from './helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function withFaults(faults: Faults): Promise<{ emu: Emulator; tok: string }> {
  emu = await start();
  const tok = await token(emu);
  emu.setFaults(faults);
  emu.resetStats();
  return { emu, tok };
}

const DB = { secretPath: '/shared/db', includeImports: 'false' };

describe('fault knobs', () => {
  it('latencyMs delays responses by at least the delay', async () => {
    const { emu, tok } = await withFaults({ latencyMs: 150 });
    const t0 = performance.now();
    expect((await listV4(emu, tok, DB)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('status5xx fails the first N matching requests, then lets them through', async () => {
    const { emu, tok } = await withFaults({ status5xx: { times: 2, route: 'list' } });
    const first = await listV4(emu, tok, DB);
    expect(first.status).toBe(503);
    expect(first.json).toMatchObject({ reqId: expect.stringMatching(REQ_ID), statusCode: 503 });
    expect((await login(emu)).status).toBe(200); // login is not a list: untouched, countdown unspent
    expect((await listV4(emu, tok, DB)).status).toBe(503);
    expect((await listV4(emu, tok, DB)).status).toBe(200);
  });

  it('secretPath narrows a knob, compared after trailing-slash normalisation', async () => {
    const { emu, tok } = await withFaults({ status5xx: { status: 500, secretPath: '/shared/db/' } });
    expect((await listV4(emu, tok, { ...DB, secretPath: '/shared/db' })).status).toBe(500);
    expect((await listV4(emu, tok, { ...DB, secretPath: '/shared/common' })).status).toBe(200);
  });

  it('rateLimit429 answers 429 with retry-after and x-ratelimit headers', async () => {
    const { emu, tok } = await withFaults({ rateLimit429: { times: 1, retryAfterSeconds: 7 } });
    const r = await listV4(emu, tok, DB);
    expect(r.status).toBe(429);
    expect(r.json).toEqual({
      reqId: expect.stringMatching(REQ_ID),
      statusCode: 429,
      error: 'RateLimitExceeded',
      message: 'Rate limit exceeded. Please try again in 7 seconds',
    });
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(r.headers.get('x-ratelimit-limit')).not.toBeNull();
    expect(r.headers.get('x-ratelimit-reset')).toBe('7');
    expect((await listV4(emu, tok, DB)).status).toBe(200);
  });

  it('rateLimit enforces one budget across concurrent clients', async () => {
    const { emu, tok } = await withFaults({ rateLimit: { perWindow: 50, windowMs: 600_000 } });
    const replies = await Promise.all(Array.from({ length: 200 }, () => listV4(emu, tok, DB)));
    const ok = replies.filter((r) => r.status === 200);
    const limited = replies.filter((r) => r.status === 429);
    expect(ok).toHaveLength(50);
    expect(limited).toHaveLength(150);
    const retry = Number(limited[0]?.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(600);
    expect(ok[0]?.headers.get('x-ratelimit-limit')).toBe('50');
    expect(emu.stats().statuses).toEqual({ '200': 50, '429': 150 });
  });

  it('hang never answers, and close() still returns and fails the pending request', async () => {
    const { emu, tok } = await withFaults({ hang: { route: 'list' } });
    const pending = listV4(emu, tok, DB);
    await vi.waitFor(() => expect(emu.stats().listV4).toBe(1));
    await emu.close();
    await expect(pending).rejects.toThrow();
  });

  it('dropConnection destroys the socket without a response', async () => {
    const { emu, tok } = await withFaults({ dropConnection: { route: 'list' } });
    await expect(listV4(emu, tok, DB)).rejects.toThrow();
    expect(emu.stats().statuses).toEqual({});
  });

  it('malformedBody sends a 200 JSON response that does not parse', async () => {
    const { emu, tok } = await withFaults({ malformedBody: { times: 1 } });
    const r = await listV4(emu, tok, DB);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(r.text)).toThrow();
  });

  it('wrongShape sends valid JSON of the wrong shape', async () => {
    const { emu, tok } = await withFaults({ wrongShape: { route: 'list', times: 1 } });
    const r = await listV4(emu, tok, DB);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ secrets: 'nope' });
    expect(Array.isArray((await listV4(emu, tok, DB)).json.secrets)).toBe(true);
  });

  it('wrongShape on login omits a usable accessToken', async () => {
    const { emu } = await withFaults({ wrongShape: { route: 'login' } });
    const r = await login(emu);
    expect(r.status).toBe(200);
    expect(typeof r.json.accessToken).not.toBe('string');
  });

  it('setFaults replaces earlier faults and resets their countdowns', async () => {
    const { emu, tok } = await withFaults({ status5xx: { times: 1 } });
    emu.setFaults({ status5xx: { times: 1, status: 502 } });
    expect((await listV4(emu, tok, DB)).status).toBe(502);
    emu.setFaults({});
    expect((await listV4(emu, tok, DB)).status).toBe(200);
  });

  it('rejects invalid faults', async () => {
    emu = await start();
    expect(() => emu?.setFaults({ status5xx: { route: 'nope' as 'any' } })).toThrow(/route/);
    expect(() => emu?.setFaults({ rateLimit: { perWindow: 1 } as never })).toThrow(/windowMs/);
  });
});
