import { request, createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

// A forward proxy on loopback, as a corporate or CI network has: absolute-URL requests are relayed
// (http:// targets), CONNECT opens a tunnel (https:// targets). It counts what it carried, and can
// ask for credentials (407) as an authenticating proxy does.
export interface ForwardProxy {
  url: string; // http://127.0.0.1:PORT
  requests: string[]; // "GET http://host/path" per relayed request, "CONNECT host:port" per tunnel
  close(): Promise<void>;
}

export const startForwardProxy = async (options: { credentials?: string } = {}): Promise<ForwardProxy> => {
  const requests: string[] = [];
  const expected = options.credentials === undefined ? undefined : `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  const authorized = (header: string | undefined): boolean => expected === undefined || header === expected;
  const server: Server = createServer((req, res) => {
    if (!authorized(req.headers['proxy-authorization'])) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    requests.push(`${req.method} ${req.url}`);
    const target = new URL(req.url!);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers }, (reply) => {
      res.writeHead(reply.statusCode!, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket) => {
    if (!authorized(req.headers['proxy-authorization'])) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    requests.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const upstream = connect(Number(port), host!, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
