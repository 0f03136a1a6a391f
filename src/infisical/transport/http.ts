import { BodyBudget } from './body-budget.js';
import type { HttpClient } from './http-types.js';
import { createWireClient } from './wire-http.js';
import { createProxyClient } from './undici-http.js';

export { NetworkError, type HttpClient, type HttpRequest } from './http-types.js';

// One keep-alive client for the whole run; every folder listing shares its connections. Directly:
// HTTP/1.1 on a TCP or TLS connection (wire-http.ts: no node:http to load before the first request).
// Through a proxy: undici's ProxyAgent, loaded only then.
export const createHttpClient = (base: URL, userAgent: string, connections: number, proxy?: URL, budget = new BodyBudget()): HttpClient => {
  const transport = proxy === undefined ? createWireClient(base, connections, budget) : createProxyClient(base, proxy, connections, budget);
  const prefix = base.pathname.replace(/\/+$/, '');
  let count = 0;
  return {
    get count() {
      return count;
    },
    request(req) {
      count++;
      const query = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
      const headers: Record<string, string> = { 'user-agent': userAgent, accept: 'application/json' };
      if (req.token !== undefined) headers['authorization'] = `Bearer ${req.token}`;
      if (req.ifNoneMatch !== undefined) headers['if-none-match'] = req.ifNoneMatch;
      const body = req.json === undefined ? undefined : JSON.stringify(req.json);
      if (body !== undefined) headers['content-type'] = 'application/json';
      return transport.send({ path: `${prefix}${req.path}${query}`, headers, body }, req);
    },
    warm: transport.warm,
    close: transport.close,
  };
};
