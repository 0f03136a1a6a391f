import { BodyBudget } from './body-budget.js';
import type { HttpClient } from './http-types.js';
import { createNodeClient } from './node-http.js';
import { createProxyClient } from './undici-http.js';

export { NetworkError, type HttpClient, type HttpRequest } from './http-types.js';

// One keep-alive client for the whole run; every folder listing shares its connections. Directly:
// Node's http or https (its parser is native, nothing more to load or compile). Through a proxy:
// undici's ProxyAgent, loaded only then.
export const createHttpClient = (base: URL, userAgent: string, connections: number, proxy?: URL, budget = new BodyBudget()): HttpClient => {
  const transport = proxy === undefined ? createNodeClient(base, connections, budget) : createProxyClient(base, proxy, connections, budget);
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
