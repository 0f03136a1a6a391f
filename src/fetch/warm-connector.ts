import type { Socket } from 'node:net';
import buildConnector from 'undici/lib/core/connect';

type ConnectOptions = Parameters<buildConnector.connector>[0];
type Callback = buildConnector.Callback;

interface Spare {
  socket: Socket | undefined; // once connected
  opening: Socket | undefined; // while connecting
  failed: boolean;
  waiting: { opts: ConnectOptions; callback: Callback } | undefined; // handed out before its handshake ended
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
  const spares: Spare[] = [];
  const usable = (socket: Socket): boolean => !socket.destroyed && socket.readyState === 'open';
  return {
    warm() {
      const spare: Spare = { socket: undefined, opening: undefined, failed: false, waiting: undefined };
      spares.push(spare);
      // undici's connector returns the socket it opens (its types say void).
      spare.opening = connect(options, (error, socket) => {
        if (error !== null || socket === null) {
          spare.failed = true;
          // Whoever took it connects afresh, so a failure is reported the usual way.
          if (spare.waiting !== undefined) connect(spare.waiting.opts, spare.waiting.callback);
          return;
        }
        spare.socket = socket;
        if (spare.waiting !== undefined) spare.waiting.callback(null, socket);
      }) as unknown as Socket | undefined;
    },
    connect(opts, callback) {
      if (opts.hostname === options.hostname && opts.port === options.port && opts.protocol === options.protocol) {
        for (let spare = spares.shift(); spare !== undefined; spare = spares.shift()) {
          if (spare.failed) continue;
          if (spare.socket === undefined) return void (spare.waiting = { opts, callback });
          // A connection the server closed while it waited is left to end; the next one is taken.
          if (!usable(spare.socket)) continue;
          const socket = spare.socket;
          return queueMicrotask(() => callback(null, socket));
        }
      }
      connect(opts, callback);
    },
    close() {
      for (const spare of spares.splice(0)) {
        spare.failed = true;
        (spare.socket ?? spare.opening)?.destroy();
      }
    },
  };
};
