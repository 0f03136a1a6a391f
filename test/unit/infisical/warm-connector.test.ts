// The connections opened while the login is in flight: handed out in place of a fresh connect, never
// one the server has closed, never lost when opening them failed, and closed when never used.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWarmConnector } from '../../../src/infisical/transport/warm-connector.js';

interface Listening {
  server: Server;
  port: number;
  accepted: Socket[];
}

const listen = async (port = 0): Promise<Listening> => {
  const accepted: Socket[] = [];
  const server = createServer((socket) => void accepted.push(socket));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, accepted };
};

const open: Listening[] = [];
afterEach(async () => {
  for (const { server, accepted } of open.splice(0)) {
    for (const socket of accepted) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

// A connection as an Agent would ask for it, once it is open (or failed).
const connectVia = (connector: ReturnType<typeof createWarmConnector>, url: URL, extra: { servername?: string } = {}): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const opened = (socket: Socket): void => {
      if (!socket.connecting && socket.readyState === 'open') return resolve(socket);
      socket.once('connect', () => resolve(socket)).once('error', reject);
    };
    const socket = connector.connect({ host: url.hostname, port: Number(url.port), ...extra }, (error, s) => (error ? reject(error) : opened(s)));
    if (socket !== undefined) opened(socket);
  });

const makeConnector = (url: URL): ReturnType<typeof createWarmConnector> =>
  createWarmConnector(url, (options) => connect({ host: options.host!, port: Number(options.port) }));

// A listening server, kept for afterEach to close, and a connector warming connections to it.
const serverAndConnector = async (): Promise<{ l: Listening; url: URL; connector: ReturnType<typeof createWarmConnector> }> => {
  const l = await listen();
  open.push(l);
  const url = new URL(`http://127.0.0.1:${l.port}`);
  return { l, url, connector: makeConnector(url) };
};

// A port nothing listens on (a server was there and closed), and a connector aimed at it.
const closedPortConnector = async (): Promise<{ port: number; url: URL; connector: ReturnType<typeof createWarmConnector> }> => {
  const probe = await listen();
  await new Promise((resolve) => probe.server.close(resolve));
  const url = new URL(`http://127.0.0.1:${probe.port}`);
  return { port: probe.port, url, connector: makeConnector(url) };
};

// The local port of a socket as the server saw it: which client connection it accepted.
const localPorts = (l: Listening): number[] => l.accepted.map((socket) => socket.remotePort!);

describe('warm connector', () => {
  it('hands out the connection opened ahead instead of opening another', async () => {
    const { l, url, connector } = await serverAndConnector();
    connector.warm();
    connector.warm();
    await vi.waitFor(() => expect(l.accepted).toHaveLength(2));
    const a = await connectVia(connector, url);
    const b = await connectVia(connector, url);
    expect(l.accepted).toHaveLength(2);
    expect(localPorts(l).sort()).toEqual([a.localPort, b.localPort].sort());
    // The spares are used up: the next request connects afresh.
    const c = await connectVia(connector, url);
    await vi.waitFor(() => expect(l.accepted).toHaveLength(3));
    await vi.waitFor(() => expect(localPorts(l)).toContain(c.localPort));
    for (const socket of [a, b, c]) socket.destroy();
  });

  it('hands a connection still opening to whoever asks, once it is open', async () => {
    const { l, url, connector } = await serverAndConnector();
    connector.warm();
    const socket = await connectVia(connector, url); // asked before the handshake could end
    await vi.waitFor(() => expect(l.accepted).toHaveLength(1));
    expect(localPorts(l)).toEqual([socket.localPort]);
    socket.destroy();
  });

  it('skips a connection the server closed while it waited', async () => {
    const { l, url, connector } = await serverAndConnector();
    connector.warm();
    await vi.waitFor(() => expect(l.accepted).toHaveLength(1));
    const closed = new Promise((resolve) => l.accepted[0]!.once('close', resolve));
    l.accepted[0]!.destroy();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 50)); // the client side sees the FIN
    const socket = await connectVia(connector, url);
    await vi.waitFor(() => expect(l.accepted).toHaveLength(2));
    expect(socket.localPort).toBe(l.accepted[1]!.remotePort);
    expect(socket.readyState).toBe('open');
    socket.destroy();
  });

  it('skips a connection the server has already answered, unasked (a 408 for one that sent nothing)', async () => {
    const { l, url } = await serverAndConnector();
    const dialed: Socket[] = [];
    const connector = createWarmConnector(url, (options) => {
      const socket = connect({ host: options.host!, port: Number(options.port) });
      dialed.push(socket);
      return socket;
    });
    connector.warm();
    await vi.waitFor(() => expect(l.accepted).toHaveLength(1));
    // As a proxy's request timeout does: a reply, then the connection's end. Until those bytes are
    // read, the connection looks open, and a request sent on it would take that reply for its own.
    l.accepted[0]!.on('error', () => undefined).end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    await vi.waitFor(() => expect(dialed[0]!.readableLength).toBeGreaterThan(0));
    const socket = await connectVia(connector, url);
    expect(socket).not.toBe(dialed[0]);
    await vi.waitFor(() => expect(l.accepted).toHaveLength(2));
    expect(socket.localPort).toBe(l.accepted[1]!.remotePort);
    socket.destroy();
  });

  it('connects afresh when opening ahead failed', async () => {
    // A port with nothing on it: the spare fails; then a server comes up there.
    const { port, url, connector } = await closedPortConnector();
    connector.warm();
    connector.warm();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const l = await listen(port);
    open.push(l);
    const socket = await connectVia(connector, url);
    await vi.waitFor(() => expect(localPorts(l)).toEqual([socket.localPort]));
    socket.destroy();
  });

  it('passes a failure to whoever took the connection while it was opening', async () => {
    const { url, connector } = await closedPortConnector();
    connector.warm();
    await expect(connectVia(connector, url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('closes the connections never handed out', async () => {
    const { l, connector } = await serverAndConnector();
    connector.warm();
    connector.warm();
    await vi.waitFor(() => expect(l.accepted).toHaveLength(2));
    const ended = l.accepted.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    connector.close();
    await Promise.all(ended);
  });

  it('leaves requests for another origin to a fresh connect', async () => {
    const [l, other] = [await listen(), await listen()];
    open.push(l, other);
    const connector = makeConnector(new URL(`http://127.0.0.1:${l.port}`));
    connector.warm();
    await vi.waitFor(() => expect(l.accepted).toHaveLength(1));
    const socket = await connectVia(connector, new URL(`http://127.0.0.1:${other.port}`));
    await vi.waitFor(() => expect(other.accepted.map((s) => s.remotePort)).toEqual([socket.localPort]));
    socket.destroy();
    connector.close();
  });

  it('leaves a request with its own server name to a fresh connect', async () => {
    const { l, url, connector } = await serverAndConnector();
    connector.warm();
    await vi.waitFor(() => expect(l.accepted).toHaveLength(1));
    const socket = await connectVia(connector, url, { servername: 'other.example' });
    await vi.waitFor(() => expect(l.accepted).toHaveLength(2));
    expect(l.accepted[1]!.remotePort).toBe(socket.localPort);
    socket.destroy();
    connector.close();
  });

  it('once closed, opens nothing ahead and connects afresh', async () => {
    const { l, url, connector } = await serverAndConnector();
    connector.close();
    connector.warm();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(l.accepted).toHaveLength(0);
    const socket = await connectVia(connector, url);
    await vi.waitFor(() => expect(l.accepted.map((s) => s.remotePort)).toEqual([socket.localPort]));
    socket.destroy();
  });
});
