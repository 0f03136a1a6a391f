import type { HttpReply } from './classify.js';

// What both transports (wire-http.ts, undici-http.ts) and their callers share.
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
  ifNoneMatch?: string; // the ETag of the copy kept (a --watch poll): 304 when unchanged
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

// How long close() leaves the idle connections of the run before closing them. Closing 25 of them
// costs a few ms of this thread, which a short command's run would otherwise wait for (the wrapper
// notices its exit late): they are closed once it has had time to end, when the wrapper's exit
// closes them anyway. Idle connections are unref'd, so they hold nothing open meanwhile.
export const IDLE_CLOSE_MS = 250;

// What every request sends, whichever the transport.
export interface Target {
  path: string; // prefix, route and query
  headers: Record<string, string>;
  body: string | undefined;
}

// One transport: Node's own, or undici's through a proxy.
export interface Transport {
  send(target: Target, req: HttpRequest): Promise<HttpReply>;
  warm?(): void;
  close(): void;
}
