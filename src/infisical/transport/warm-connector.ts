import { isIP, type Socket } from 'node:net';

// What Node's http(s) Agent hands its createConnection: where to connect, and the TLS server name
// it would check the certificate against ('' for an address).
export interface ConnectOptions {
  host?: string | null;
  port?: number | string | null;
  servername?: string;
  localAddress?: string;
}

export type Connected = (error: Error | null, socket: Socket) => void;

export interface WarmConnector {
  connect(options: ConnectOptions, callback: Connected): Socket | undefined; // an Agent's createConnection
  warm(): void; // open one more connection ahead of need
  close(): void; // connections never handed out, and those still connecting
}

// The agent's own way to connect (net.connect, or tls.connect with its TLS session cache), for the
// spares and for every connection they do not cover.
export type Dial = (options: ConnectOptions) => Socket;

// Node's Agent connect, plus connections opened ahead of need. While the login is in flight the
// folders it will be listed with are already known; opening their connections then, instead of
// when the token arrives, takes each TCP (over https, TLS) handshake off the path from the login's
// answer to the listings' answers. A spare is handed out as it is, connected or still connecting:
// whatever then goes wrong with it is the request's, as with a connection of its own.
export const createWarmConnector = (base: URL, dial: Dial): WarmConnector => {
  // As the Agent asks for it: an IPv6 literal without its brackets, the scheme's port when none is
  // given, and the server name it would send (none for an address).
  const host = base.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(base.port || (base.protocol === 'https:' ? 443 : 80));
  const servername = isIP(host) === 0 ? host : '';
  const spares: Socket[] = []; // not handed out yet
  const connecting = new Set<Socket>(); // opened for the agent, not connected yet
  const tls = base.protocol === 'https:';
  let closed = false;
  // A spare still opening or open, and one the server has said nothing on: an answer to no request (a
  // proxy's 408 for a connection that sent nothing, then its end) leaves it looking open until those
  // bytes are read, and a request sent on it would take them for its reply.
  const usable = (socket: Socket): boolean => !socket.destroyed && socket.readableLength === 0 && (socket.connecting || socket.readyState === 'open');
  // Only a request like the ones the spares were opened for: same host, port and server name, no
  // local address of its own.
  const matches = (options: ConnectOptions): boolean =>
    options.host === host && Number(options.port) === port && (options.servername ?? servername) === servername && !options.localAddress;
  // Until it is connected, a connection may be a handshake that never ends: close() ends it.
  const track = (socket: Socket): Socket => {
    connecting.add(socket);
    const done = (): void => void connecting.delete(socket);
    socket.once(tls ? 'secureConnect' : 'connect', done).once('close', done);
    return socket;
  };
  return {
    warm() {
      if (closed) return;
      const socket = track(dial({ host, port, servername }));
      // Failing before anyone took it is nobody's error: it is skipped (usable() is false).
      socket.on('error', () => undefined);
      spares.push(socket);
    },
    connect(options, callback) {
      if (!closed && matches(options)) {
        for (let spare = spares.shift(); spare !== undefined; spare = spares.shift()) {
          // A connection that failed, or that the server closed while it waited, is left to end.
          if (usable(spare)) return spare;
          spare.destroy();
        }
      }
      try {
        return track(dial(options));
      } catch (error) {
        callback(error as Error, undefined as unknown as Socket);
        return undefined;
      }
    },
    close() {
      closed = true;
      // Spares never taken, and connections still connecting (the fetch is over: no request waits
      // for them): none may hold the process open.
      for (const socket of [...spares.splice(0), ...connecting]) socket.destroy();
      connecting.clear();
    },
  };
};
