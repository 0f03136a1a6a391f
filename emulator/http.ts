// Per-request context plus the response and body helpers every route shares. Responses look like
// Fastify's: JSON with charset, a strong etag (as @fastify/etag adds) and 304 on a matching If-None-Match.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors.js';

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path without query and without trailing slashes (Infisical sets ignoreTrailingSlash). */
  path: string;
  rawUrl: string;
  query: URLSearchParams;
  reqId: string;
  /** Headers added to whatever response is sent (rate-limit headers, for instance). */
  extraHeaders: Record<string, string>;
  /** Called once with the status actually sent: feeds stats and the optional request log. */
  onSent(status: number): void;
}

const MAX_BODY = 1024 * 1024;

export function etagOf(payload: string): string {
  return `"${createHash('sha1').update(payload).digest('base64url').slice(0, 27)}"`;
}

export function sendRaw(ctx: Ctx, status: number, payload: string, headers: Record<string, string> = {}): void {
  const { res } = ctx;
  if (res.headersSent || res.destroyed) return;
  const tag = etagOf(payload);
  const all: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    etag: tag,
    ...ctx.extraHeaders,
    ...headers,
  };
  if (status === 200 && ctx.req.headers['if-none-match'] === tag) {
    delete all['content-type'];
    res.writeHead(304, all);
    res.end();
    ctx.onSent(304);
    return;
  }
  all['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(status, all);
  res.end(payload);
  ctx.onSent(status);
}

export function sendJson(ctx: Ctx, status: number, body: unknown, headers?: Record<string, string>): void {
  sendRaw(ctx, status, JSON.stringify(body), headers);
}

export function sendError(ctx: Ctx, err: HttpError): void {
  sendJson(ctx, err.status, err.body, err.headers);
}

function fastify400(code: string, message: string): HttpError {
  return new HttpError(400, { statusCode: 400, code, error: 'Bad Request', message });
}

/**
 * Reads a JSON body the way Fastify's default parser does, or a form-encoded one as @fastify/formbody
 * does (Infisical registers it; Infisical/secrets-action posts its logins form-encoded); `undefined`
 * when there is no body.
 */
export async function readJsonBody(ctx: Ctx): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY)
      throw new HttpError(413, { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', error: 'Payload Too Large', message: 'Request body is too large' });
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const contentType = ctx.req.headers['content-type'] ?? '';
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  const isJson = contentType.includes('json');
  if (text.length === 0) {
    if (isJson) throw fastify400('FST_ERR_CTP_EMPTY_JSON_BODY', "Body cannot be empty when content-type is set to 'application/json'");
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw fastify400('FST_ERR_CTP_INVALID_JSON_BODY', "Body is not valid JSON but content-type is set to 'application/json'");
  }
}
