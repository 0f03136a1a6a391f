import { describe, expect, it } from 'vitest';
import { readCallReply } from '../../../src/infisical/routes/call-reply.js';

const context = { host: 'https://infisical.example', redact: (text: string) => text.replaceAll('s3cret', '[redacted]') };
const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe("the admin commands' reply reader", () => {
  it('parses a 2xx body, and calls one that is not JSON malformed', () => {
    const ok = readCallReply(reply(200, { folders: [] }), context, 'read');
    expect(ok).toMatchObject({ ok: true, status: 200, data: { folders: [] }, unknownRoute: false });
    const bad = readCallReply(reply(200, '<html>'), context, 'read');
    expect(bad.ok).toBe(false);
    expect(bad.failure()).toMatchObject({ code: 'INFISICAL_BAD_RESPONSE' });
  });

  it("keeps the server's error and message (redacted) for the route to tell duplicates apart", () => {
    const dup = readCallReply(reply(400, { error: 'BadRequest', message: "Folder with name 'db' already exists, s3cret" }), context, 'write');
    expect(dup).toMatchObject({ ok: false, status: 400, error: 'BadRequest', message: "Folder with name 'db' already exists, [redacted]" });
    expect(dup.failure().reason).not.toContain('s3cret');
    expect(dup.failure()).toMatchObject({ code: 'INFISICAL_HTTP', phase: 'write' });
  });

  it("knows Fastify's unknown route, and gives each failure its code", () => {
    expect(readCallReply(reply(404, { message: 'Route POST:/api/v4/secrets/batch not found', error: 'Not Found' }), context, 'write').unknownRoute).toBe(true);
    expect(readCallReply(reply(404, { error: 'NotFound', message: 'Secret with name X not found' }), context, 'write').unknownRoute).toBe(false);
    expect(readCallReply(reply(403, { error: 'PermissionDenied', message: 'no' }), context, 'write').failure().code).toBe('INFISICAL_FORBIDDEN');
    expect(readCallReply(reply(401, { error: 'UnauthorizedError' }), context, 'read').failure().code).toBe('INFISICAL_AUTH_REFUSED');
    // The Oct-2024 server's answer to a body it rejects: not a token problem.
    expect(readCallReply(reply(401, { error: 'ValidationFailure', message: 'bad' }), context, 'write').failure().code).toBe('INFISICAL_HTTP');
    expect(readCallReply(reply(503, {}), context, 'read').failure().code).toBe('INFISICAL_UNREACHABLE');
    // A read was retried before it failed; a write was sent once, and may have been made.
    expect(readCallReply(reply(503, {}), context, 'read').failure().reason).toBe('https://infisical.example kept failing (HTTP 503)');
    expect(readCallReply(reply(500, {}), context, 'write', false).failure().reason).toBe(
      'https://infisical.example failed (HTTP 500); a write is tried only once, as it may have been made',
    );
    // A 429 refused it: nothing was made.
    expect(readCallReply(reply(429, {}), context, 'write', false).failure().reason).toBe(
      'rate-limited by https://infisical.example (HTTP 429); a write is tried only once',
    );
    expect(readCallReply(reply(307, '', { location: 'https://elsewhere.example/x' }), context, 'read').failure().reason).toMatch(
      /redirect to https:\/\/elsewhere\.example/,
    );
  });
});
