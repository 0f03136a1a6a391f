import type { BodyBudget } from './body-budget.js';
import type { HttpReply } from './classify.js';
import { IDLE_CLOSE_MS, NetworkError, type HttpRequest, type Target, type Transport } from './http-types.js';
import { ReplyCollector } from './reply-collector.js';

type ProxyAgent = import('undici/lib/dispatcher/proxy-agent');

// One request through undici's dispatch(), with a handler that collects the body: no stream, async
// iterator or AsyncResource per response.
const dispatchOnce = (agent: Pick<ProxyAgent, 'dispatch'>, origin: string, target: Target, req: HttpRequest, budget: BodyBudget): Promise<HttpReply> =>
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

// Through a proxy: undici's ProxyAgent, loaded only then (it carries an HTTP parser compiled to
// WebAssembly: src/infisical/transport/wasm-flags.ts). An http:// server is asked through an http
// proxy with absolute URLs, as curl does; https:// through a CONNECT tunnel. No connection is opened
// ahead (the tunnel is the agent's to build).
export const createProxyClient = (base: URL, proxy: URL, connections: number, budget: BodyBudget): Transport => {
  /* eslint-disable @typescript-eslint/no-require-imports -- kept off the path of every run without a proxy */
  const ProxyAgentClass = require('undici/lib/dispatcher/proxy-agent') as typeof import('undici/lib/dispatcher/proxy-agent');
  // The tunnel is opened with the dispatcher's connect(), which undici's index installs on every
  // dispatcher; undici is loaded here module by module, so it is installed here.
  const Dispatcher = require('undici/lib/dispatcher/dispatcher') as { prototype: { connect?: unknown } };
  Dispatcher.prototype.connect ??= require('undici/lib/api/api-connect');
  /* eslint-enable @typescript-eslint/no-require-imports */
  // maxHeaderSize given, so undici does not load node:http to read its default (the same 16 KiB).
  const agent = new ProxyAgentClass({ uri: proxy.href, proxyTunnel: false, connections, keepAliveTimeout: 10_000, maxHeaderSize: 16 * 1024 });
  return {
    send: (target, req) => dispatchOnce(agent, base.origin, target, req, budget),
    close() {
      // Idle connections are unref'd by undici; closed a little later (http-types.ts, IDLE_CLOSE_MS).
      setTimeout(() => void agent.destroy().catch(() => undefined), IDLE_CLOSE_MS).unref();
    },
  };
};
