// Infisical's error envelope ({reqId, statusCode, message, error}) and the handful of error bodies
// clients branch on. Messages are copied verbatim from the server so client-side matching is tested.
import { randomBytes } from 'node:crypto';

export interface ZodIssue {
  code: string;
  path: (string | number)[];
  message: string;
  [extra: string]: unknown;
}

/** Thrown by handlers; the server turns it into a JSON response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Same shape as Infisical's genReqId: `req-` + 14 alphanumerics. */
export function newReqId(): string {
  const bytes = randomBytes(14);
  let id = 'req-';
  for (const b of bytes) id += ALNUM[b % ALNUM.length];
  return id;
}

export function apiError(reqId: string, status: number, error: string, message: unknown, headers?: Record<string, string>): HttpError {
  return new HttpError(status, { reqId, statusCode: status, message, error }, headers);
}

export const badRequest = (reqId: string, message: string) => apiError(reqId, 400, 'BadRequest', message);
export const unauthorized = (reqId: string, message: string) => apiError(reqId, 401, 'UnauthorizedError', message);
export const validationFailure = (reqId: string, issues: ZodIssue[]) => apiError(reqId, 422, 'ValidationFailure', issues);

export const TOKEN_MALFORMED = 'The provided access token is malformed. Please use a valid token or generate a new one and try again.';
export const TOKEN_EXPIRED = 'Your token has expired. Please re-authenticate.';

/** An expired or unverifiable JWT is a 403 TokenError on the real server, not a 401. */
export const tokenError = (reqId: string, message: string) => apiError(reqId, 403, 'TokenError', message);

/** The headers @fastify/rate-limit puts on every response of a limited route; reset is in seconds. */
export function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetSeconds) };
}

// Newer servers answer an exceeded limit 429 RateLimitExceeded; the Oct-2024 server answered 500
// "Something went wrong", without reqId, with the same retry-after and x-ratelimit-* headers.
export function rateLimited(reqId: string, retryAfterSeconds: number, limit: number, remaining = 0, olderServer = false): HttpError {
  const headers = { 'retry-after': String(retryAfterSeconds), ...rateLimitHeaders(limit, remaining, retryAfterSeconds) };
  if (olderServer) return new HttpError(500, { statusCode: 500, message: 'Something went wrong', error: 'InternalServerError' }, headers);
  return apiError(reqId, 429, 'RateLimitExceeded', `Rate limit exceeded. Please try again in ${retryAfterSeconds} seconds`, headers);
}

/** Fastify's own 404 for an unknown route; note it has no reqId and a different key order. */
export function routeNotFound(method: string, rawUrl: string): HttpError {
  return new HttpError(404, { message: `Route ${method}:${rawUrl} not found`, error: 'Not Found', statusCode: 404 });
}

export function requiredIssue(key: string): ZodIssue {
  return { code: 'invalid_type', expected: 'string', received: 'undefined', path: [key], message: 'Required' };
}

export function typeIssue(key: string, expected: string, value: unknown): ZodIssue {
  const received = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return { code: 'invalid_type', expected, received, path: [key], message: `Expected ${expected}, received ${received}` };
}

export function enumIssue(key: string, options: string[], value: string): ZodIssue {
  const expected = options.map((o) => `'${o}'`).join(' | ');
  return {
    received: value,
    code: 'invalid_enum_value',
    options,
    path: [key],
    message: `Invalid enum value. Expected ${expected}, received '${value}'`,
  };
}
