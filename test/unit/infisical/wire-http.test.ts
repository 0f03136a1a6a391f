// The direct transport (src/infisical/transport/wire-http.ts), against real servers: what it says
// when a server misbehaves (the codes classify.ts and send.ts read, as Node's http would give them),
// its time limits, how it keeps and shares its connections, and what it refuses to send.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { isRetryableNetworkError } from '../../../src/infisical/transport/classify.js';
import { Deadline } from '../../../src/infisical/transport/deadline.js';
import { tryHedged } from '../../../src/infisical/transport/hedged.js';
import { createHttpClient, NetworkError, type HttpClient } from '../../../src/infisical/transport/http.js';
import { ROOT } from '../../helpers/run-cli.js';

// Name lookups under way in this process: each connection opened to a host name starts one.
const lookups = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'GetAddrInfoReqWrap').length;

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

const client = (base: URL, connections = 4): HttpClient => {
  const http = createHttpClient(base, 'test', connections);
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

describe('the direct transport', () => {
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

  it('a server that ends its lines with LF alone and keeps the connection: refused at once, not a timeout', async () => {
    const http = client(await rawServer((socket) => socket.write('HTTP/1.1 200 OK\nContent-Length: 2\n\n{}')));
    const error = await failure(get(http, 3000));
    expect([error.code, error.timedOut]).toEqual(['HPE_LF_EXPECTED', false]);
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

  it('a chunked reply arrives whole, and its connection carries the next request', async () => {
    let connections = 0;
    const server = createHttpServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.write('{"path":');
      setTimeout(() => res.end(`${JSON.stringify(req.url)}}`), 5);
    });
    server.on('connection', () => void connections++);
    const http = client(await listening(server));
    for (let i = 0; i < 2; i++) expect(JSON.parse((await get(http)).body)).toEqual({ path: '/x' });
    expect(connections).toBe(1);
  });

  it("a server's Keep-Alive timeout of 1 s: its connection is not kept for another request", async () => {
    let connections = 0;
    const server = createHttpServer((_req, res) => {
      res.setHeader('keep-alive', 'timeout=1');
      res.end('{}');
    });
    server.on('connection', () => void connections++);
    const http = client(await listening(server));
    for (let i = 0; i < 2; i++) expect((await get(http)).status).toBe(200);
    expect(connections).toBe(2);
  });

  it('a reply followed by bytes nobody asked for: the reply stands, the next request gets a new connection', async () => {
    let connections = 0;
    const base = await listening(
      createServer((socket) => {
        connections++;
        socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}HTTP/1.1 200 OK\r\n'));
      }),
    );
    const http = client(base);
    for (let i = 0; i < 2; i++) expect((await get(http)).body).toBe('{}');
    expect(connections).toBe(2);
  });

  it('a connection the server closed while idle is not used again', async () => {
    let connections = 0;
    const server = createHttpServer((req, res) => {
      // After the reply: the connection is idle on the client's side when it closes.
      const socket = req.socket;
      res.end('{}', () => setTimeout(() => socket.destroy(), 10));
    });
    server.on('connection', () => void connections++);
    const http = client(await listening(server));
    expect((await get(http)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await get(http)).status).toBe(200);
    expect(connections).toBe(2);
  });

  it('more requests than connections: each waits for a free one, and all are answered', async () => {
    let open = 0;
    let most = 0;
    const server = createHttpServer((req, res) => setTimeout(() => res.end(JSON.stringify({ path: req.url })), 20));
    server.on('connection', (socket: Socket) => {
      most = Math.max(most, ++open);
      socket.on('close', () => void open--);
    });
    const http = client(await listening(server), 2);
    const paths = Array.from({ length: 7 }, (_, i) => `/p${i}`);
    const replies = await Promise.all(paths.map((path) => http.request({ method: 'GET', path, timeoutMs: 5000, signal: new AbortController().signal })));
    expect(replies.map((reply) => JSON.parse(reply.body).path)).toEqual(paths);
    expect(most).toBe(2);
  });

  it('a request stopped while it waits for a connection gives no connection away', async () => {
    const server = createHttpServer((_req, res) => setTimeout(() => res.end('{}'), 50));
    const http = client(await listening(server), 1);
    const first = get(http);
    const stopped = get(http, 10);
    const third = get(http);
    expect((await failure(stopped)).timedOut).toBe(true);
    expect((await first).status).toBe(200);
    expect((await third).status).toBe(200);
  });

  it('a request stopped while it waits has no connection opened for it when a place frees up', async () => {
    let connections = 0;
    const server = createHttpServer((_req, res) => {
      // Closed after its reply: its place in the pool frees up, and goes to whoever still waits.
      res.setHeader('connection', 'close');
      setTimeout(() => res.end('{}'), 50);
    });
    server.on('connection', () => void connections++);
    const base = await listening(server);
    const http = client(base, 1);
    const first = get(http);
    expect((await failure(get(http, 10))).timedOut).toBe(true);
    expect((await first).status).toBe(200);
    // Any connection opened for the stopped request was asked for before this one, and the server
    // accepts them in turn: it has seen that one by the time this one is answered.
    expect((await get(client(base))).status).toBe(200);
    expect(connections).toBe(2);
  });

  it("the run's deadline stopping requests that wait for a connection opens none for them", async () => {
    const port = (await rawServer(() => undefined)).port;
    // A host name: each connection opened would first look the name up, a lookup that holds the
    // process open until it has come back, however long the resolver takes.
    const http = client(new URL(`http://localhost:${port}`), 2);
    const run = new AbortController();
    const pending = Array.from({ length: 20 }, () => get(http, 10_000, run.signal));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = lookups();
    run.abort();
    for (const reply of pending) expect((await failure(reply)).timedOut).toBe(true);
    expect(lookups()).toBeLessThanOrEqual(before); // none started since (some may have ended)
  });

  it("tries ended by the run's deadline open no connection for those still waiting, whichever clock runs ahead", async () => {
    const port = (await rawServer(() => undefined)).port;
    const http = client(new URL(`http://localhost:${port}`), 2);
    // The deadline is read off the wall clock, every timer off the event loop's own: the two differ
    // by a millisecond either way, which this makes five. Each try's own time limit (all the time
    // left) then falls due just before the deadline's abort.
    let ahead = 0;
    const deadline = new Deadline(300, () => Date.now() + ahead, 64);
    ahead = 5;
    const tries = Array.from({ length: 20 }, () => tryHedged(http, { method: 'GET', path: '/x' }, deadline, false));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = lookups();
    for (const reply of tries) expect((await failure(reply)).timedOut).toBe(true);
    expect(lookups()).toBeLessThanOrEqual(before); // none started since (some may have ended)
    deadline.clear();
  });

  it('a reply that comes before the request is all sent: its connection carries no other request', async () => {
    const accepted: Socket[] = [];
    const base = await listening(
      createServer((socket) => {
        socket.on('error', () => undefined);
        // The first connection answers at the request's first bytes and reads no more of it; any
        // later one answers as a server should.
        const early = accepted.push(socket) === 1;
        socket.once('data', () => {
          socket.write('HTTP/1.1 413 Payload Too Large\r\ncontent-length: 2\r\n\r\n{}');
          if (early) socket.pause();
        });
      }),
    );
    const http = client(base, 1);
    const post = (json: unknown) => http.request({ method: 'POST', path: '/x', json, timeoutMs: 3000, signal: new AbortController().signal });
    // More than the kernel's buffers hold: the request is still being written when its reply is whole.
    expect((await post({ data: 'x'.repeat(32 * 1024 * 1024) })).status).toBe(413);
    // Queued behind the rest of that body, this one would wait for the deadline, and a server that
    // read that rest as a request would answer it in this one's place.
    try {
      expect((await post({})).status).toBe(413);
      expect(accepted).toHaveLength(2);
    } finally {
      for (const socket of accepted) socket.destroy(); // the paused one reads nothing: not even its end
    }
  });

  it('a header value with a line break (a token or an ETag a server gave) is refused before anything is sent', async () => {
    let requests = 0;
    const base = await listening(
      createServer((socket) => {
        socket.on('data', () => void requests++);
      }),
    );
    const http = client(base);
    const sent = http.request({ method: 'GET', path: '/x', token: 'abc\r\nx-injected: 1', timeoutMs: 5000, signal: new AbortController().signal });
    await expect(sent).rejects.toMatchObject({ code: 'ERR_INVALID_CHAR' });
    const etag = http.request({ method: 'GET', path: '/x', ifNoneMatch: '"1"\nx: y', timeoutMs: 5000, signal: new AbortController().signal });
    await expect(etag).rejects.toMatchObject({ code: 'ERR_INVALID_CHAR' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toBe(0);
  });

  it('a request as the server reads it: Host with the port, the headers, a JSON body with its length', async () => {
    const seen: { headers?: Record<string, unknown>; body?: string; method?: string; url?: string } = {};
    const server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        Object.assign(seen, { headers: req.headers, body, method: req.method, url: req.url });
        res.end('{}');
      });
    });
    const base = await listening(server);
    const http = client(base);
    await http.request({
      method: 'POST',
      path: '/login',
      query: { a: 'b c' },
      json: { name: 'ü' },
      token: 't',
      timeoutMs: 5000,
      signal: new AbortController().signal,
    });
    expect(seen).toMatchObject({ method: 'POST', url: '/login?a=b+c', body: '{"name":"ü"}' });
    expect(seen.headers).toMatchObject({
      host: base.host,
      authorization: 'Bearer t',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength('{"name":"ü"}')),
      connection: 'keep-alive',
    });
  });
});

describe('the direct transport over https', () => {
  it('sends the host name as the TLS server name, none for an address; an untrusted certificate is said by its code', async () => {
    const { selfSignedCert } = (await import(`${ROOT}scripts/self-signed-cert.mjs`)) as { selfSignedCert: () => { cert: string; key: string } };
    const names: string[] = []; // the server names asked for (SNICallback is called only when there is one)
    let connections = 0;
    const server = createTlsServer({
      ...selfSignedCert(),
      SNICallback: (name, done) => {
        names.push(name);
        done(null);
      },
    });
    server.on('connection', () => void connections++).on('tlsClientError', () => undefined);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    for (const host of ['localhost', '127.0.0.1']) {
      const error = await failure(get(client(new URL(`https://${host}:${port}`))));
      expect([error.code, error.timedOut, isRetryableNetworkError(error.code)]).toEqual(['DEPTH_ZERO_SELF_SIGNED_CERT', false, false]);
    }
    expect([connections, names]).toEqual([2, ['localhost']]);
  });
});
