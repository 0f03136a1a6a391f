import type { Socket } from 'node:net';
import { HEADER_UNSAFE } from '../../util/header-value.js';
import type { BodyBudget } from './body-budget.js';
import type { HttpReply } from './classify.js';
import { createConnectionPool, IDLE_TIMEOUT_MS, type ConnectionPool } from './connection-pool.js';
import type { HttpRequest, Target, Transport } from './http-types.js';
import { ReplyCollector } from './reply-collector.js';
import { ReplyParser } from './reply-parser.js';

// The largest status line and headers a reply may have: Node's default, said here so it never
// depends on a --max-http-header-size the user's NODE_OPTIONS may give.
const MAX_HEAD_BYTES = 16 * 1024;

// What Node's http refuses to send, refused the same way: a path with spaces or control characters,
// a header name that is no token, a value with a line break (a header injected through a token or
// an ETag a server gave; util/header-value.ts).
const BAD_PATH = /[^\u0021-\u00ff]/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const invalid = (code: string, message: string): Error => Object.assign(new TypeError(message), { code });

export const requestBytes = (method: string, hostHeader: string, target: Target): Buffer => {
  if (BAD_PATH.test(target.path)) throw invalid('ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
  let head = `${method} ${target.path} HTTP/1.1\r\nHost: ${hostHeader}\r\n`;
  for (const [name, value] of Object.entries(target.headers)) {
    if (!TOKEN.test(name)) throw invalid('ERR_INVALID_HTTP_TOKEN', `Header name must be a valid HTTP token ["${name}"]`);
    if (HEADER_UNSAFE.test(value)) throw invalid('ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
    head += `${name}: ${value}\r\n`;
  }
  if (target.body !== undefined) head += `content-length: ${Buffer.byteLength(target.body)}\r\n`;
  const bytes = Buffer.from(`${head}Connection: keep-alive\r\n\r\n`, 'latin1');
  return target.body === undefined ? bytes : Buffer.concat([bytes, Buffer.from(target.body, 'utf8')]);
};

// The server's own idle limit (Keep-Alive: timeout=5), less a second; ours when it gives none.
export const idleLimitMs = (keepAlive: string | string[] | undefined): number => {
  const seconds = typeof keepAlive === 'string' ? /(?:^|[\s,])timeout=(\d+)/i.exec(keepAlive)?.[1] : undefined;
  return seconds === undefined ? IDLE_TIMEOUT_MS : Math.max(0, Math.min(IDLE_TIMEOUT_MS, (Number(seconds) - 1) * 1000));
};

// One request on a connection of its own until its reply is whole: the reply's bytes go through the
// parser to the collector; the connection goes back to the pool only after a whole, reusable reply.
const exchange = (pool: ConnectionPool, socket: Socket, bytes: Buffer, reply: ReplyCollector): void => {
  let idleMs = IDLE_TIMEOUT_MS;
  // A reply may be whole before the request is (a server refusing a large body at its first bytes):
  // the rest of the request is still to go, and a request after it would wait behind it, or be
  // answered by whatever the server makes of that rest. Such a connection is not used again.
  let sent = false;
  const detach = (): void => void socket.off('data', onData).off('close', onClose).off('error', fail);
  const parser = new ReplyParser(
    {
      head(status, headers) {
        idleMs = idleLimitMs(headers['keep-alive']);
        reply.answering(status, headers);
      },
      data: (chunk) => reply.data(chunk),
      end(reusable) {
        detach();
        if (reusable && sent && !reply.settled) pool.park(socket, idleMs);
        else pool.discard(socket);
        reply.end();
      },
    },
    MAX_HEAD_BYTES,
  );
  function fail(error: unknown): void {
    detach();
    pool.discard(socket);
    reply.failed(error);
  }
  function onData(chunk: Buffer): void {
    try {
      parser.push(chunk);
    } catch (error) {
      fail(error);
    }
  }
  // The connection ended: a body read until then is whole; anything else was cut short.
  function onClose(): void {
    try {
      parser.finish();
    } catch (error) {
      fail(error);
    }
  }
  socket.on('data', onData).on('close', onClose).on('error', fail);
  socket.write(bytes, (error) => void (sent = !error));
};

// HTTP/1.1 written straight to a TCP (or TLS) connection, over a pool of keep-alive connections for
// the run. Node's http costs a launch 6 to 8 ms more, all of it before the first listing is sent:
// loading it, and building its first request (docs/decisions.md, "HTTP on the wire"). Whatever a
// server does wrong fails the request with the code Node's http would give (ECONNRESET, HPE_*, the
// TLS codes), so classify.ts and the retry policy read both transports alike.
export const createWireClient = (base: URL, connections: number, budget: BodyBudget): Transport => {
  const pool = createConnectionPool(base, connections);
  const hostHeader = base.host; // the port only when not the scheme's; an IPv6 address in brackets
  const send = (target: Target, req: HttpRequest): Promise<HttpReply> =>
    new Promise<HttpReply>((resolve, reject) => {
      const bytes = requestBytes(req.method, hostHeader, target);
      const used: { socket?: Socket; withdraw?: () => void } = {};
      // Stopped: its connection is closed; stopped while it waits for one, it leaves the queue (a place
      // that frees up would otherwise open a connection for it, or keep one past the server's limit).
      const stop = (): void => (used.socket !== undefined ? pool.discard(used.socket) : used.withdraw?.());
      const reply = new ReplyCollector(req, budget, resolve, reject, stop);
      if (reply.settled) return;
      used.withdraw = pool.acquire((got) => {
        if (got instanceof Error) return reply.failed(got);
        // Stopped while it waited for a connection: the connection goes to the next request.
        if (reply.settled) return pool.park(got, IDLE_TIMEOUT_MS);
        exchange(pool, (used.socket = got), bytes, reply);
      });
    });
  return { send, warm: pool.warm, close: pool.close };
};
