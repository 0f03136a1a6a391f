import Agent from 'undici/lib/dispatcher/agent';
import { LARGE_BODY_BYTES, type HttpReply } from './classify.js';
import { BodyBudget } from './body-budget.js';
import { createWarmConnector } from './warm-connector.js';

const IDLE_CLOSE_MS = 250;

export class NetworkError extends Error {
  constructor(
    readonly code: string | undefined,
    readonly timedOut: boolean,
  ) {
    super(code ?? 'network error');
  }
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string; // below the API base, e.g. /api/v4/secrets
  query?: Record<string, string>;
  json?: unknown;
  token?: string;
  timeoutMs: number; // this request only
  signal: AbortSignal; // the run's overall deadline
  onAnswering?: () => void; // the server has begun to answer (its status and headers are in)
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpReply>;
  close(): void; // spares now, the agent's idle connections a little later (see below)
  warm?(): void; // open one connection ahead of a request known to come
  readonly count: number;
}

// A proxy that refused a tunnel (407, 403, 502...), or asked for credentials, reaches us as an error
// whose message holds its status: PROXY_RESPONSE_<status>, so the words can say it was the proxy.
const errorCode = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const proxy = typeof e?.message === 'string' ? /^Proxy (?:response|Authentication Required) \((\d{3})\)/.exec(e.message) : null;
  if (proxy !== null) return `PROXY_RESPONSE_${proxy[1]}`;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
};

// What one request needs from the agent: where it goes, and what it sends.
interface Dispatch {
  origin: string;
  path: string; // prefix, route and query
  headers: Record<string, string>;
}

// One request through undici's dispatch(), with a handler that collects the body: no stream, async
// iterator or AsyncResource per response, which on a cold start cost more than the request itself.
const dispatchOnce = (agent: Pick<Agent, 'dispatch'>, target: Dispatch, req: HttpRequest, budget: BodyBudget): Promise<HttpReply> =>
  new Promise<HttpReply>((resolve, reject) => {
    let controller: { abort(reason: Error): void } | undefined;
    let settled = false;
    let status = 0;
    let replyHeaders: HttpReply['headers'] = {};
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal.removeEventListener('abort', onDeadline);
      outcome();
    };
    // This try's own time limit, or the run's deadline: either way a timeout, and the request stops,
    // giving back the bytes it held.
    const stop = (error: NetworkError): void => {
      settle(() => {
        budget.give(size);
        chunks.length = 0; // let go of them now: undici may hold this handler until the socket closes
        reject(error);
      });
      controller?.abort(error);
    };
    const onDeadline = (): void => stop(new NetworkError(undefined, true));
    const timer = setTimeout(() => stop(new NetworkError(undefined, true)), req.timeoutMs);
    req.signal.addEventListener('abort', onDeadline, { once: true });
    if (req.signal.aborted) return onDeadline();
    agent.dispatch(
      {
        origin: target.origin,
        path: target.path,
        method: req.method,
        headers: target.headers,
        body: req.json === undefined ? undefined : JSON.stringify(req.json),
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      },
      {
        onRequestStart(c) {
          controller = c;
          if (settled) c.abort(new NetworkError(undefined, true));
        },
        onResponseStart(_c, statusCode, responseHeaders) {
          status = statusCode;
          replyHeaders = responseHeaders;
          req.onAnswering?.();
        },
        onResponseData(_c, chunk) {
          if (settled) return;
          if (!budget.take(chunk.length)) return stop(new NetworkError('BODY_TOO_LARGE', false));
          size += chunk.length;
          chunks.push(chunk);
        },
        onResponseEnd() {
          const bytes = Buffer.concat(chunks);
          chunks.length = 0;
          settle(() => resolve({ status, headers: replyHeaders, ...heldReply(bytes, status, budget) }));
        },
        onResponseError(_c, error) {
          if (!settled) budget.give(size);
          chunks.length = 0;
          const code = errorCode(error);
          settle(() => reject(error instanceof NetworkError ? error : new NetworkError(code, /TIMEOUT/.test(code ?? ''))));
        },
      },
    );
  });

// A large successful body stays counted until whoever reads it lets it go (once); any other is let go
// now: a small one holds little, and an error's body is read only for its words.
const heldReply = (bytes: Buffer, status: number, budget: BodyBudget): Pick<HttpReply, 'body' | 'bytes' | 'release'> => {
  if (bytes.length <= LARGE_BODY_BYTES || status < 200 || status >= 300) {
    budget.give(bytes.length);
    return bytes.length <= LARGE_BODY_BYTES ? { body: bytes.toString('utf8') } : { body: '', bytes };
  }
  let held = true;
  return { body: '', bytes, release: () => void (held && ((held = false), budget.give(bytes.length))) };
};

// One keep-alive agent for the whole run; every folder listing shares its connections.
// Through a proxy: undici's ProxyAgent, loaded only then. An http:// server is asked through an http
// proxy with absolute URLs, as curl does; https:// through a CONNECT tunnel. No connection is opened
// ahead (the tunnel is the agent's to build).
const proxyAgent = (proxy: URL, connections: number): Pick<Agent, 'dispatch' | 'destroy'> => {
  /* eslint-disable @typescript-eslint/no-require-imports -- kept off the path of every run without a proxy */
  const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof import('undici/lib/dispatcher/proxy-agent');
  // The tunnel is opened with the dispatcher's connect(), which undici's index installs on every
  // dispatcher; undici is loaded here module by module, so it is installed here.
  const Dispatcher = require('undici/lib/dispatcher/dispatcher') as { prototype: { connect?: unknown } };
  Dispatcher.prototype.connect ??= require('undici/lib/api/api-connect');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new ProxyAgent({ uri: proxy.href, proxyTunnel: false, connections, keepAliveTimeout: 10_000, maxHeaderSize: 16 * 1024 });
};

export const createHttpClient = (base: URL, userAgent: string, connections: number, proxy?: URL, budget = new BodyBudget()): HttpClient => {
  // maxHeaderSize given, so undici does not load node:http to read its default (the same 16 KiB).
  const warm = proxy === undefined ? createWarmConnector(base, 10_000) : { warm: undefined, close: () => undefined, connect: undefined };
  const agent =
    proxy === undefined
      ? new Agent({ connections, keepAliveTimeout: 10_000, connect: warm.connect, maxHeaderSize: 16 * 1024 })
      : proxyAgent(proxy, connections);
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
      if (req.json !== undefined) headers['content-type'] = 'application/json';
      return dispatchOnce(agent, { origin: base.origin, path: `${prefix}${req.path}${query}`, headers }, req, budget);
    },
    warm: warm.warm,
    close() {
      // Connections opened ahead and never used: none may hold the process open.
      warm.close();
      // The agent's connections are idle by now, and undici unrefs idle sockets, so they hold nothing
      // open either. Closing 25 of them costs a few ms of this thread, which a short command's run
      // would otherwise wait for (the wrapper notices its exit late): they are closed once it has had
      // time to end, when the wrapper's exit closes them anyway; the wrapper of a long-running one
      // holds none after that.
      setTimeout(() => void agent.destroy().catch(() => undefined), IDLE_CLOSE_MS).unref();
    },
  };
};
