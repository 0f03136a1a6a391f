import type { Socket } from 'node:net';
import buildConnector from 'undici/lib/core/connect';

type ConnectOptions = Parameters<buildConnector.connector>[0];
type Callback = buildConnector.Callback;

interface Spare {
  socket: Socket | undefined; // once connected
  opening: Socket | undefined; // while connecting
  failed: boolean;
  waiting: Callback | undefined; // handed out before its handshake ended
}

export interface WarmConnector {
  connect: buildConnector.connector; // for undici's Agent
  warm(): void; // open one more connection ahead of need
  close(): void; // connections never handed out
}

// undici's own connector (the same TCP and TLS options, session cache and connect timeout the Agent
// would build), plus connections opened ahead of need. While the login is in flight the folders it
// will be listed with are already known; opening their connections then, instead of when the token
// arrives, takes each TCP (over https, TLS) handshake off the path from the login's answer to the
// listings' answers.
export const createWarmConnector = (base: URL, timeout: number): WarmConnector => {
  const connect = buildConnector({ timeout });
  // As undici's Client asks for it: an IPv6 literal without its brackets.
  const hostname = base.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: ConnectOptions = { hostname, host: base.host, protocol: base.protocol, port: base.port };
  const spares: Spare[] = []; // not handed out yet
  const pending = new Set<Spare>(); // handed out, still connecting
  const connecting = new Set<Socket>(); // opened for the agent, not connected yet
  let closed = false;
  const usable = (socket: Socket): boolean => !socket.destroyed && socket.readyState === 'open';
  // Only a request like the ones the spares were opened for: same origin, undici's default server
  // name and local address.
  const matches = (opts: ConnectOptions): boolean =>
    opts.hostname === options.hostname && opts.port === options.port && opts.protocol === options.protocol && !opts.servername && !opts.localAddress;
  return {
    warm() {
      if (closed) return;
      const spare: Spare = { socket: undefined, opening: undefined, failed: false, waiting: undefined };
      spares.push(spare);
      // undici's connector returns the socket it opens (its types say void).
      spare.opening = connect(options, (error, socket) => {
        pending.delete(spare);
        if (error !== null || socket === null) {
          spare.failed = true;
          // Whoever took it gets the failure as from a connect of its own (and its timeout, not two).
          spare.waiting?.(error ?? new Error('connect failed'), null);
          return;
        }
        spare.socket = socket;
        spare.waiting?.(null, socket);
      }) as unknown as Socket | undefined;
    },
    connect(opts, callback) {
      if (!closed && matches(opts)) {
        for (let spare = spares.shift(); spare !== undefined; spare = spares.shift()) {
          if (spare.failed) continue;
          if (spare.socket === undefined) {
            spare.waiting = callback;
            pending.add(spare);
            return;
          }
          // A connection the server closed while it waited is left to end; the next one is taken.
          if (!usable(spare.socket)) continue;
          const socket = spare.socket;
          return queueMicrotask(() => callback(null, socket));
        }
      }
      // The agent's own connections, while they connect: one the fetch gave up on (a TLS handshake
      // that never ends) would otherwise hold the process open until the connect timeout.
      const socket = connect(opts, (...result) => {
        if (socket !== undefined) connecting.delete(socket);
        callback(...result);
      }) as unknown as Socket | undefined;
      if (socket !== undefined) connecting.add(socket);
    },
    close() {
      closed = true;
      // Spares never taken, and those taken but still connecting (the fetch is over: no request waits
      // for them): none may hold the process open.
      for (const spare of [...spares.splice(0), ...pending]) {
        spare.failed = true;
        (spare.socket ?? spare.opening)?.destroy();
      }
      pending.clear();
      for (const socket of connecting) socket.destroy();
      connecting.clear();
    },
  };
};
