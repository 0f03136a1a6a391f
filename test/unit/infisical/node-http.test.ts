// Node's http transport (src/infisical/transport/node-http.ts), against real servers: what it says
// when a server misbehaves (the codes classify.ts and send.ts read), its time limits, and that it
// keeps one connection alive across requests and uses the one opened ahead.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isRetryableNetworkError } from '../../../src/infisical/transport/classify.js';
import { createHttpClient, NetworkError, type HttpClient } from '../../../src/infisical/transport/http.js';

const servers: (Server | HttpServer)[] = [];
const clients: HttpClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) {
    (server as HttpServer).closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
});

const listening = async <S extends Server | HttpServer>(server: S): Promise<URL> => {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
};

// A server that speaks raw bytes: whatever `answer` does with each connection.
const rawServer = (answer: (socket: Socket) => void): Promise<URL> =>
  listening(
    createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => answer(socket));
    }),
  );

const client = (base: URL): HttpClient => {
  const http = createHttpClient(base, 'test', 4);
  clients.push(http);
  return http;
};

const get = (http: HttpClient, timeoutMs = 5000, signal = new AbortController().signal) => http.request({ method: 'GET', path: '/x', timeoutMs, signal });

const failure = async (reply: Promise<unknown>): Promise<NetworkError> => {
  const error = await reply.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkError);
  return error as NetworkError;
};

describe("Node's http transport", () => {
  it('a reply that is not HTTP: a parser code, not retried, not a timeout', async () => {
    const http = client(await rawServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n')));
    const error = await failure(get(http));
    expect(error.code).toMatch(/^HPE_/);
    expect(error.timedOut).toBe(false);
    expect(isRetryableNetworkError(error.code)).toBe(false);
  });

  it('a connection that ends in the middle of the body: a reset, retried', async () => {
    const http = client(await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{"secrets":')));
    const error = await failure(get(http));
    expect(error.code).toBe('ECONNRESET');
    expect(isRetryableNetworkError(error.code)).toBe(true);
  });

  it('a connection closed before any answer: a reset, retried', async () => {
    const http = client(await rawServer((socket) => socket.destroy()));
    const error = await failure(get(http));
    expect(error.code).toBe('ECONNRESET');
  });

  it('headers over 16 KiB: refused by the parser', async () => {
    const http = client(await rawServer((socket) => socket.end(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(20 * 1024)}\r\ncontent-length: 0\r\n\r\n`)));
    expect((await failure(get(http))).code).toBe('HPE_HEADER_OVERFLOW');
  });

  it("a server that never answers: the request's own time limit, its connection closed", async () => {
    const closed: Promise<unknown>[] = [];
    const http = client(await rawServer((socket) => void closed.push(new Promise((resolve) => socket.once('close', resolve)))));
    const error = await failure(get(http, 200));
    expect(error.timedOut).toBe(true);
    await Promise.all(closed);
    expect(closed).toHaveLength(1);
  });

  it("the run's deadline stops a request in flight, and one asked after it at once", async () => {
    const http = client(await rawServer(() => undefined));
    const run = new AbortController();
    const pending = get(http, 10_000, run.signal);
    setTimeout(() => run.abort(), 50);
    expect((await failure(pending)).timedOut).toBe(true);
    expect((await failure(get(http, 10_000, run.signal))).timedOut).toBe(true);
  });

  it('one connection for requests one after the other; the one opened ahead is the one used', async () => {
    let connections = 0;
    const server = createHttpServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path: req.url }));
    });
    server.on('connection', () => void connections++);
    const base = await listening(server);
    const http = client(base);
    http.warm?.();
    for (let i = 0; i < 3; i++) {
      const reply = await get(http);
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toEqual({ path: '/x' });
    }
    expect(connections).toBe(1);
    expect(http.count).toBe(3);
  });
});
