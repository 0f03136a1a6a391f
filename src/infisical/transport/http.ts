import Agent from 'undici/lib/dispatcher/agent';
import type { HttpReply } from './classify.js';
import { createWarmConnector } from './warm-connector.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;
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
  method: 'GET' | 'POST';
  path: string; // below the API base, e.g. /api/v4/secrets
  query?: Record<string, string>;
  json?: unknown;
  token?: string;
  timeoutMs: number; // this request only
  signal: AbortSignal; // the run's overall deadline
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpReply>;
  close(): void; // spares now, the agent's idle connections a little later (see below)
  warm?(): void; // open one connection ahead of a request known to come
  readonly count: number;
}

const errorCode = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
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
const dispatchOnce = (agent: Agent, target: Dispatch, req: HttpRequest): Promise<HttpReply> =>
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
    // This try's own time limit, or the run's deadline: either way a timeout, and the request stops.
    const stop = (error: NetworkError): void => {
      settle(() => reject(error));
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
        },
        onResponseData(_c, chunk) {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) return stop(new NetworkError('BODY_TOO_LARGE', false));
          chunks.push(chunk);
        },
        onResponseEnd() {
          settle(() => resolve({ status, headers: replyHeaders, body: Buffer.concat(chunks).toString('utf8') }));
        },
        onResponseError(_c, error) {
          const code = errorCode(error);
          settle(() => reject(error instanceof NetworkError ? error : new NetworkError(code, /TIMEOUT/.test(code ?? ''))));
        },
      },
    );
  });

// One keep-alive agent for the whole run; every folder listing shares its connections.
export const createHttpClient = (base: URL, userAgent: string, connections: number): HttpClient => {
  // maxHeaderSize given, so undici does not load node:http to read its default (the same 16 KiB).
  const warm = createWarmConnector(base, 10_000);
  const agent = new Agent({ connections, keepAliveTimeout: 10_000, connect: warm.connect, maxHeaderSize: 16 * 1024 });
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
      return dispatchOnce(agent, { origin: base.origin, path: `${prefix}${req.path}${query}`, headers }, req);
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
