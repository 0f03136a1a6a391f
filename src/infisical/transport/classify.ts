import { clip, escapeControls, printable } from '../../util/printable.js';
import type { InfisicalCode } from '../errors.js';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string; // empty when `bytes` holds it
  bytes?: Uint8Array; // a body too large to decode on this thread within the deadline (routes/open-listing.ts)
  release?: () => void; // lets the run's body budget go of a large successful body (transport/body-budget.ts)
}

// A header's value, the first when the server sent it more than once.
export const headerOf = (reply: HttpReply, name: string): string | undefined => {
  const value = reply.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

// From this size a body is decoded and parsed on a worker thread, which the deadline can stop.
export const LARGE_BODY_BYTES = 4 * 1024 * 1024;

// What to do with one reply from the list route.
export type ListVerdict =
  | { kind: 'ok' }
  | { kind: 'missing-folder' } // 404 SecretPathNotFound: an empty folder, not an error
  | { kind: 'no-route' } // the server lacks this route: use the older one
  | { kind: 'relogin' } // 401, or 403 TokenError: the token expired or was revoked
  | { kind: 'retry' } // 5xx, 429
  | { kind: 'fail'; code: InfisicalCode; reason: string };

export interface ErrorBody {
  error?: unknown;
  message?: unknown;
}

export const parseErrorBody = (body: string): ErrorBody => {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as ErrorBody) : {};
  } catch {
    return {};
  }
};

// Takes out of a server's text what it must not show: a server (or a proxy before it) may echo the
// request, credentials included.
export type Redact = (text: string) => string;
const asIs: Redact = (text) => text;

// Server messages are shown to the user: escaped first (util/printable.ts), then redacted, so what is
// redacted is what will be shown (a literal `\x1b` in a secret could otherwise be made by escaping a
// raw ESC), and only then cut short (a secret cut in half would still show its first half). They are
// also redacted as they arrived, for a secret that itself holds a control character.
export const safeServerText = (value: unknown, redact: Redact = asIs): string =>
  typeof value === 'string' ? clip(redact(escapeControls(redact(value))).trim(), 160) : '';

export const describe = (status: number, body: ErrorBody, redact: Redact): string => {
  const error = safeServerText(body.error, redact);
  const message = safeServerText(body.message, redact);
  return [`HTTP ${status}`, error, message].filter((s) => s !== '').join(': ');
};

// A redirect is not followed (the credentials would go wherever it points): it is said with where it
// points, scheme, host and port only, so the operator can set INFISICAL_ADDR to that if it is right.
export const redirectTo = (reply: HttpReply): string | undefined => {
  if (reply.status < 300 || reply.status >= 400) return undefined;
  const target = headerOf(reply, 'location');
  let where = 'no Location';
  try {
    if (target !== undefined) where = new URL(target).origin;
  } catch {
    where = 'a Location that is no absolute URL';
  }
  return `HTTP ${reply.status}: a redirect to ${printable(where, 120)}, not followed (is INFISICAL_ADDR the server's address?)`;
};

// Fastify's own 404 for an unknown route: {"message":"Route GET:/api/v4/secrets not found","error":"Not Found"}
const isUnknownRoute = (body: ErrorBody): boolean => typeof body.message === 'string' && /^Route [A-Z]+:\S+ not found$/.test(body.message);

export const classifyList = (reply: HttpReply, redact: Redact = asIs): ListVerdict => {
  const { status } = reply;
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const redirect = redirectTo(reply);
  if (redirect !== undefined) return { kind: 'fail', code: 'INFISICAL_HTTP', reason: redirect };
  if (status === 429 || status >= 500) return { kind: 'retry' };
  const body = parseErrorBody(reply.body);
  if (status === 404) {
    // A recursive listing in an unknown environment says so; a folder listing answers it as a missing
    // folder. Either way: nothing there, and every folder missing says which environment was asked.
    if (body.error === 'SecretPathNotFound' || /(folder|environment) .*not found/i.test(String(body.message ?? ''))) return { kind: 'missing-folder' };
    if (isUnknownRoute(body)) return { kind: 'no-route' };
    return { kind: 'fail', code: 'INFISICAL_HTTP', reason: describe(status, body, redact) };
  }
  // The Oct-2024 server answers a query it rejects 401 ValidationFailure (newer ones 422): not a
  // token to renew, and a new login would be answered the same.
  if (status === 401 && body.error === 'ValidationFailure') return { kind: 'fail', code: 'INFISICAL_HTTP', reason: describe(status, body, redact) };
  if (status === 401 || (status === 403 && body.error === 'TokenError')) return { kind: 'relogin' };
  if (status === 403) return { kind: 'fail', code: 'INFISICAL_FORBIDDEN', reason: describe(status, body, redact) };
  return { kind: 'fail', code: 'INFISICAL_HTTP', reason: describe(status, body, redact) };
};

export type LoginVerdict = { kind: 'ok' } | { kind: 'retry' } | { kind: 'fail'; code: InfisicalCode; reason: string };

// The Oct-2024 server answers a login with an unknown client id 404 NotFound "No identity with
// specified client ID was found": refused credentials, not a missing route.
const isUnknownIdentity = (status: number, body: ErrorBody): boolean =>
  status === 404 && body.error === 'NotFound' && typeof body.message === 'string' && /identity/i.test(body.message);

export const classifyLogin = (reply: HttpReply, redact: Redact = asIs): LoginVerdict => {
  const { status } = reply;
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const redirect = redirectTo(reply);
  if (redirect !== undefined) return { kind: 'fail', code: 'INFISICAL_HTTP', reason: redirect };
  if (status === 429 || status >= 500) return { kind: 'retry' };
  const body = parseErrorBody(reply.body);
  if (status === 401 || status === 400 || status === 422 || isUnknownIdentity(status, body))
    return { kind: 'fail', code: 'INFISICAL_AUTH_REFUSED', reason: describe(status, body, redact) };
  if (status === 403) return { kind: 'fail', code: 'INFISICAL_FORBIDDEN', reason: describe(status, body, redact) };
  return { kind: 'fail', code: 'INFISICAL_HTTP', reason: describe(status, body, redact) };
};

// Network-level failures (Node's, then undici's error codes) that are worth another try.
// prettier-ignore
const RETRYABLE_NETWORK: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);
export const isRetryableNetworkError = (code: string | undefined): boolean => code === undefined || RETRYABLE_NETWORK.has(code);
