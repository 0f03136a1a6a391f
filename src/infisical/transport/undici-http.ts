import type { BodyBudget } from './body-budget.js';
import type { HttpReply } from './classify.js';
import { IDLE_CLOSE_MS, NetworkError, type HttpRequest, type Target, type Transport } from './http-types.js';
import { ReplyCollector } from './reply-collector.js';
import type { ProxyDispatcher } from './undici-proxy-agent.js';

// One request through undici's dispatch(), with a handler that collects the body: no stream, async
// iterator or AsyncResource per response.
const dispatchOnce = (agent: Pick<ProxyDispatcher, 'dispatch'>, origin: string, target: Target, req: HttpRequest, budget: BodyBudget): Promise<HttpReply> =>
  new Promise<HttpReply>((resolve, reject) => {
    let controller: { abort(reason: Error): void } | undefined;
    const reply = new ReplyCollector(req, budget, resolve, reject, (error) => controller?.abort(error));
    if (reply.settled) return;
    agent.dispatch(
      {
        origin,
        path: target.path,
        method: req.method,
        headers: target.headers,
        body: target.body,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      },
      {
        onRequestStart(c) {
          controller = c;
          if (reply.settled) c.abort(new NetworkError(undefined, true));
        },
        onResponseStart(_c, statusCode, responseHeaders) {
          reply.answering(statusCode, responseHeaders);
        },
        onResponseData(_c, chunk) {
          reply.data(chunk);
        },
        onResponseEnd() {
          reply.end();
        },
        onResponseError(_c, error) {
          reply.failed(error);
        },
      },
    );
  });

// Through a proxy: undici's ProxyAgent, from the proxy transport's chunk, loaded with the first
// request (src/chunks/proxy-transport.ts; its HTTP parser is compiled to WebAssembly:
// src/infisical/transport/wasm-flags.ts). No connection is opened ahead (the tunnel is the agent's
// to build).
export const createProxyClient = (base: URL, proxy: URL, connections: number, budget: BodyBudget): Transport => {
  const loading = import('../../chunks/proxy-transport.js').then(({ createProxyAgent }) => createProxyAgent(proxy, connections));
  // A failure to load is the first request's to report, never an unhandled rejection.
  loading.catch(() => undefined);
  return {
    send: async (target, req) => dispatchOnce(await loading, base.origin, target, req, budget),
    close() {
      // Idle connections are unref'd by undici; closed a little later (http-types.ts, IDLE_CLOSE_MS).
      const destroy = (agent: ProxyDispatcher): void => void agent.destroy().catch(() => undefined);
      setTimeout(() => void loading.then(destroy, () => undefined), IDLE_CLOSE_MS).unref();
    },
  };
};
