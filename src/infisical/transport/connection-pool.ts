import { connect as connectTcp, isIP, type Socket } from 'node:net';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { IDLE_CLOSE_MS } from './http-types.js';
import { createWarmConnector, type ConnectOptions, type Dial } from './warm-connector.js';

// How long a connection may sit idle between requests when the server does not say (a watch's polls
// keep theirs; a server closing one as a request goes out would cost a retry).
export const IDLE_TIMEOUT_MS = 10_000;

export interface ConnectionPool {
  // A connection for one request, now or once one is free: an idle one, one opened ahead, or a new one.
  // Returns what takes the request out of the queue (stopped while it waits: nothing is opened for it).
  acquire(give: (socket: Socket | Error) => void): () => void;
  // The request's reply was whole and the connection may carry another: kept `idleMs`, unref'd.
  park(socket: Socket, idleMs: number): void;
  // The request failed or was stopped: its connection is closed (once, whoever says so first).
  discard(socket: Socket): void;
  warm(): void; // open one more connection ahead of need
  close(): void;
}

// Waits in `queue`, until what this returns takes it out again.
const queued = <T>(queue: T[], entry: T): (() => void) => {
  queue.push(entry);
  return () => {
    const at = queue.indexOf(entry);
    if (at >= 0) queue.splice(at, 1);
  };
};
const unqueued = (): void => undefined; // a request that never waited

// How a connection is opened: TCP, or TLS resuming the last session, as an https Agent would.
const dialer = (base: URL): Dial => {
  const tls = base.protocol === 'https:';
  const host = base.hostname.replace(/^\[(.*)\]$/, '$1');
  // The last TLS session, resumed by the next connection: what an https Agent's session cache does.
  let session: Buffer | undefined;
  return (options: ConnectOptions): Socket => {
    const to = { host: options.host ?? host, port: Number(options.port) };
    if (!tls) return connectTcp({ ...to, noDelay: true, keepAlive: true });
    // node:tls (4 to 5 ms to load) only for an https server.
    const { connect } = require('node:tls') as typeof import('node:tls');
    const settings: ConnectionOptions = { ...to, session };
    if (options.servername) settings.servername = options.servername;
    const socket: TLSSocket = connect(settings);
    socket.setNoDelay(true);
    socket.on('session', (next: Buffer) => void (session = next));
    return socket;
  };
};

// The keep-alive connections of one run to one server, at most `connections` at once: what an http
// Agent does, without loading node:http. Idle ones hold nothing open, and one the server says
// anything on, unasked, is closed.
export const createConnectionPool = (base: URL, connections: number): ConnectionPool => {
  const tls = base.protocol === 'https:';
  const host = base.hostname.replace(/^\[(.*)\]$/, '$1');
  const ahead = createWarmConnector(base, dialer(base));
  // As the warm connector matches its spares: the name the certificate must carry, none for an address.
  const target: ConnectOptions = { host, port: Number(base.port || (tls ? 443 : 80)), servername: isIP(host) === 0 ? host : '' };

  const idle: Socket[] = [];
  const busy = new Set<Socket>();
  const waiting: ((socket: Socket | Error) => void)[] = [];
  let closed = false;

  function onIdleData(this: Socket): void {
    this.destroy();
  }
  function onIdleGone(this: Socket): void {
    const at = idle.indexOf(this);
    if (at >= 0) idle.splice(at, 1);
  }
  const usable = (socket: Socket): boolean => !socket.destroyed && (socket.connecting || socket.readyState === 'open');
  const unpark = (socket: Socket): Socket => {
    socket.setTimeout(0);
    socket.off('data', onIdleData).off('close', onIdleGone).off('error', onIdleGone).off('timeout', onIdleData);
    return socket.ref();
  };
  const connectFor = (give: (socket: Socket | Error) => void): void => {
    const socket = ahead.connect(target, (error) => give(error ?? new Error('no connection')));
    if (socket === undefined) return;
    busy.add(socket);
    give(socket);
  };

  const handOn = (): void => {
    if (busy.size < connections && waiting.length > 0) connectFor(waiting.shift()!);
  };
  const pool: ConnectionPool = {
    acquire(give) {
      for (let socket = idle.pop(); socket !== undefined; socket = idle.pop()) {
        if (!usable(socket)) {
          unpark(socket).destroy();
          continue;
        }
        busy.add(socket);
        give(unpark(socket));
        return unqueued;
      }
      if (busy.size >= connections) return queued(waiting, give);
      connectFor(give);
      return unqueued;
    },
    park(socket, idleMs) {
      if (closed || idleMs <= 0 || !usable(socket)) return pool.discard(socket);
      const next = waiting.shift();
      if (next !== undefined) return next(socket);
      busy.delete(socket);
      socket.setTimeout(idleMs);
      socket.on('data', onIdleData).on('close', onIdleGone).on('error', onIdleGone).on('timeout', onIdleData);
      idle.push(socket.unref());
    },
    discard(socket) {
      socket.destroy();
      if (!busy.delete(socket)) return;
      // Its place goes to a request waiting for one, once what stopped this one has stopped all it stops
      // (the deadline: each in turn would be given a new connection, a lookup and a connect, to close).
      queueMicrotask(handOn);
    },
    warm: ahead.warm,
    close() {
      closed = true;
      // Connections opened ahead and never used, or still connecting: none may hold the process open.
      ahead.close();
      // The rest are idle and unref'd by now: closed once the wrapper has had time to end (http-types.ts).
      setTimeout(() => {
        for (const socket of [...idle.splice(0), ...busy]) socket.destroy();
        busy.clear();
      }, IDLE_CLOSE_MS).unref();
    },
  };
  return pool;
};
