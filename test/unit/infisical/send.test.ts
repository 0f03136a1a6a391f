import { afterEach, describe, expect, it } from 'vitest';
import { Deadline } from '../../../src/infisical/transport/deadline.js';
import { NetworkError } from '../../../src/infisical/transport/http.js';
import { createSender } from '../../../src/infisical/transport/send.js';
import { fakeHttp, infisicalFailure, json, type Answer } from '../../helpers/fake-http.js';

const deadlines: Deadline[] = [];
afterEach(() => deadlines.splice(0).forEach((d) => d.clear()));

const sender = (answers: Answer[], ms = 10_000) => {
  const http = fakeHttp({ '/x': answers });
  const deadline = new Deadline(ms, Date.now, 16);
  deadlines.push(deadline);
  const send = createSender({
    http,
    host: 'http://h:1',
    deadline: () => deadline,
    policy: { baseMs: 1, capMs: 2, maxAttempts: 4 },
    random: () => 0,
    now: Date.now,
  });
  return { http, send, deadline };
};

describe('the retry-and-deadline layer', () => {
  it('retries a read on 5xx and 429 until an answer that is neither', async () => {
    const { http, send } = sender([json(503, {}), json(429, {}), json(200, { ok: true })]);
    expect((await send({ method: 'GET', path: '/x' }, { phase: 'list', idempotent: true })).status).toBe(200);
    expect(http.count).toBe(3);
  });

  it('returns the last 5xx when the tries run out, for the route to read', async () => {
    const { http, send } = sender([json(500, {})]);
    expect((await send({ method: 'GET', path: '/x' }, { phase: 'list', idempotent: true })).status).toBe(500);
    expect(http.count).toBe(4);
  });

  it('does not repeat a request that is not idempotent once it may have reached the server', async () => {
    const fiveHundred = sender([json(503, {}), json(200, {})]);
    expect((await fiveHundred.send({ method: 'POST', path: '/x' }, { phase: 'list', idempotent: false })).status).toBe(503);
    expect(fiveHundred.http.count).toBe(1);
    const reset = sender([new NetworkError('ECONNRESET', false), json(200, {})]);
    const error = await infisicalFailure(reset.send({ method: 'POST', path: '/x' }, { phase: 'list', idempotent: false }));
    expect([error.code, reset.http.count]).toEqual(['INFISICAL_UNREACHABLE', 1]);
  });

  it('repeats a request that is not idempotent when it never left (connection refused)', async () => {
    const { http, send } = sender([new NetworkError('ECONNREFUSED', false), json(201, {})]);
    expect((await send({ method: 'POST', path: '/x' }, { phase: 'list', idempotent: false })).status).toBe(201);
    expect(http.count).toBe(2);
  });

  it('an error that no retry can mend ends at once, in words naming the host and the phase', async () => {
    const { http, send } = sender([new NetworkError('CERT_HAS_EXPIRED', false), json(200, {})]);
    const error = await infisicalFailure(send({ method: 'POST', path: '/x' }, { phase: 'login', idempotent: true }));
    expect(http.count).toBe(1);
    expect([error.code, error.phase, error.host]).toEqual(['INFISICAL_UNREACHABLE', 'login', 'http://h:1']);
    expect(error.message).toMatch(/^cannot reach http:\/\/h:1: .* at login$/);
  });

  it('a deadline that has passed is a timeout, said with its length', async () => {
    const { send, deadline } = sender([json(200, {})], 2000);
    deadline.abort();
    const error = await infisicalFailure(send({ method: 'GET', path: '/x' }, { phase: 'list', idempotent: true }));
    expect([error.code, error.message]).toEqual(['INFISICAL_TIMEOUT', 'no answer from http://h:1 within 2 s']);
  });

  it('honours Retry-After when the deadline leaves room for it, and gives up when it does not', async () => {
    const soon = sender([json(429, {}, { 'retry-after': '0.01' }), json(200, {})]);
    expect((await soon.send({ method: 'GET', path: '/x' }, { phase: 'list', idempotent: true })).status).toBe(200);
    const late = sender([json(429, {}, { 'retry-after': '60' }), json(200, {})], 5000);
    const error = await infisicalFailure(late.send({ method: 'GET', path: '/x' }, { phase: 'list', idempotent: true }));
    expect([error.code, error.status, error.message]).toEqual([
      'INFISICAL_RATE_LIMITED',
      429,
      'rate-limited by http://h:1 (HTTP 429): retry after 60 s, past the 5 s deadline',
    ]);
    expect(late.http.count).toBe(1);
    // An older server says it with a 500 and retry-after, at login too.
    const older = sender([json(500, {}, { 'retry-after': '48' })], 10_000);
    const atLogin = await infisicalFailure(older.send({ method: 'POST', path: '/x' }, { phase: 'login', idempotent: true }));
    expect(atLogin.message).toBe('rate-limited by http://h:1 at login (HTTP 500): retry after 48 s, past the 10 s deadline');
    // A wait shorter than the whole deadline, but longer than what is left of it, says what was left.
    const late429 = async () => (await new Promise((resolve) => setTimeout(resolve, 1500)), json(429, {}, { 'retry-after': '1' }));
    const nearEnd = sender([late429], 2000);
    const shortWait = await infisicalFailure(nearEnd.send({ method: 'GET', path: '/x' }, { phase: 'list', idempotent: true }));
    expect(shortWait.message).toMatch(/^rate-limited by http:\/\/h:1 \(HTTP 429\): retry after 1 s, more than the 0\.\d s left of the 2 s deadline$/);
  });

  it('a slow server that answers within the deadline succeeds, though it takes more than a third of it', async () => {
    const slow = (ms: number) => async () => (await new Promise((resolve) => setTimeout(resolve, ms)), json(200, { slow: true }));
    const { http, send } = sender([slow(1400)], 3000);
    const reply = await send({ method: 'GET', path: '/x' }, { phase: 'list', idempotent: true });
    expect(reply.status).toBe(200);
    // After a third of the deadline a second copy went out beside it; the first answer won.
    expect(http.count).toBe(2);
  });

  it('an answer that has begun (a large listing still arriving) is not sent a second time', async () => {
    const arriving = async (req: { onAnswering?: () => void }) => {
      req.onAnswering?.();
      await new Promise((resolve) => setTimeout(resolve, 1400));
      return json(200, { large: true });
    };
    const { http, send } = sender([arriving], 3000);
    expect((await send({ method: 'GET', path: '/x' }, { phase: 'list', idempotent: true })).status).toBe(200);
    expect(http.count).toBe(1);
  });

  it('a hung copy is stopped when the copy sent beside it answers', async () => {
    let hungSignal: AbortSignal | undefined;
    const hung = (req: { signal: AbortSignal }) =>
      new Promise<never>((_resolve, reject) => {
        hungSignal = req.signal;
        req.signal.addEventListener('abort', () => reject(new NetworkError(undefined, true)));
      });
    const { http, send } = sender([hung, json(200, { second: true })], 3000);
    const started = Date.now();
    const reply = await send({ method: 'GET', path: '/x' }, { phase: 'list', idempotent: true });
    expect([reply.status, reply.body, http.count]).toEqual([200, '{"second":true}', 2]);
    expect(hungSignal?.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(2900); // hang guard: it did not wait for the deadline
  });

  it('a request that is not idempotent is never sent twice, however slow', async () => {
    const slow = async () => (await new Promise((resolve) => setTimeout(resolve, 1300)), json(201, {}));
    const { http, send } = sender([slow], 3000);
    expect((await send({ method: 'POST', path: '/x' }, { phase: 'list', idempotent: false })).status).toBe(201);
    expect(http.count).toBe(1);
  });
});
