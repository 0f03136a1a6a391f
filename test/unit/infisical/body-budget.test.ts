import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyBudget } from '../../../src/infisical/transport/body-budget.js';
import { createHttpClient, NetworkError, type HttpClient } from '../../../src/infisical/transport/http.js';

// The run-wide bound on reply bytes (issue 14, item 8), with a real server and undici: scaled down to
// a 10 MB budget and 6 MB replies (over the 4 MB from which a reply is held until it is read).
const REPLY = Buffer.alloc(6 * 1024 * 1024, 'a');
let server: Server;
let base: URL;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': REPLY.length });
    // In pieces, so two replies arrive side by side.
    let sent = 0;
    const next = (): void => {
      if (sent >= REPLY.length) return void res.end();
      res.write(REPLY.subarray(sent, (sent += 256 * 1024)), () => setImmediate(next));
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const get = (http: HttpClient) => http.request({ method: 'GET', path: '/x', timeoutMs: 10_000, signal: new AbortController().signal });

describe('the body budget', () => {
  it('two replies that do not fit together: one is refused and gives its bytes back, the other arrives whole and is held until let go', async () => {
    const budget = new BodyBudget(10 * 1024 * 1024);
    const http = createHttpClient(base, 'test', 4, undefined, budget);
    try {
      const results = await Promise.allSettled([get(http), get(http)]);
      const arrived = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as NetworkError] : []));
      expect(arrived).toHaveLength(1);
      expect(refused.map((e) => e.code)).toEqual(['BODY_TOO_LARGE']);
      expect(arrived[0]!.bytes?.length).toBe(REPLY.length);
      expect(budget.held).toBe(REPLY.length);
      arrived[0]!.release?.();
      arrived[0]!.release?.(); // once only
      expect(budget.held).toBe(0);
    } finally {
      http.close();
    }
  });
});
