import Agent from 'undici/lib/dispatcher/agent';
import request from 'undici/lib/api/api-request';
import type { HttpReply } from './classify.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class NetworkError extends Error {
  constructor(readonly code: string | undefined, readonly timedOut: boolean) {
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
  close(): Promise<void>;
  readonly count: number;
}

const errorCode = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
};

// One keep-alive agent for the whole run; every folder listing shares its connections.
export const createHttpClient = (base: URL, userAgent: string, connections: number): HttpClient => {
  // maxHeaderSize given, so undici does not load node:http to read its default (the same 16 KiB).
  const agent = new Agent({ connections, keepAliveTimeout: 10_000, connectTimeout: 10_000, maxHeaderSize: 16 * 1024 });
  const prefix = base.pathname.replace(/\/+$/, '');
  let count = 0;
  return {
    get count() {
      return count;
    },
    async request(req) {
      count++;
      const query = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
      const headers: Record<string, string> = { 'user-agent': userAgent, accept: 'application/json' };
      if (req.token !== undefined) headers['authorization'] = `Bearer ${req.token}`;
      if (req.json !== undefined) headers['content-type'] = 'application/json';
      const perRequest = AbortSignal.timeout(req.timeoutMs);
      const signal = AbortSignal.any([req.signal, perRequest]);
      try {
        const response = await request.call(agent, {
          origin: base.origin,
          path: `${prefix}${req.path}${query}`,
          method: req.method,
          headers,
          body: req.json === undefined ? undefined : JSON.stringify(req.json),
          signal,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of response.body) {
          size += (chunk as Buffer).length;
          if (size > MAX_BODY_BYTES) {
            response.body.destroy();
            throw new NetworkError('BODY_TOO_LARGE', false);
          }
          chunks.push(chunk as Buffer);
        }
        return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') };
      } catch (error) {
        if (error instanceof NetworkError) throw error;
        const timedOut = perRequest.aborted || req.signal.aborted || /TIMEOUT/.test(errorCode(error) ?? '');
        throw new NetworkError(errorCode(error), timedOut);
      }
    },
    async close() {
      await agent.destroy();
    },
  };
};
