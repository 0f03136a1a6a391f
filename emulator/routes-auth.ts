// Universal Auth login plus token renew/revoke (docs/emulator.md, Routes). Credentials and tokens are never
// echoed into errors or logs.
import type { Ctx } from './http.js';
import { readJsonBody, sendJson } from './http.js';
import type { Deps } from './deps.js';
import type { ZodIssue } from './errors.js';
import { TOKEN_EXPIRED, TOKEN_MALFORMED, apiError, tokenError, typeIssue, requiredIssue, unauthorized, validationFailure } from './errors.js';
import { DEFAULT_MAX_TTL_SECONDS, DEFAULT_TTL_SECONDS } from './tokens.js';
import type { TokenRecord } from './tokens.js';
import { acceptsClientSecret } from './seed.js';

/** Mirrors a Zod body schema of required, trimmed strings. */
export function readStrings<K extends string>(ctx: Ctx, body: unknown, keys: K[]): Record<K, string> {
  const issues: ZodIssue[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const received = body === undefined ? 'undefined' : body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body;
    issues.push({
      code: 'invalid_type',
      expected: 'object',
      received,
      path: [],
      message: body === undefined ? 'Required' : `Expected object, received ${received}`,
    });
    throw validationFailure(ctx.reqId, issues);
  }
  const obj = body as Record<string, unknown>;
  const out = {} as Record<K, string>;
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) issues.push(requiredIssue(key));
    else if (typeof v !== 'string') issues.push(typeIssue(key, 'string', v));
    else out[key] = v.trim();
  }
  if (issues.length > 0) throw validationFailure(ctx.reqId, issues);
  return out;
}

export function tokenBody(accessToken: string, ttl: number): Record<string, unknown> {
  return { accessToken, expiresIn: ttl, accessTokenMaxTTL: Math.max(ttl, DEFAULT_MAX_TTL_SECONDS), tokenType: 'Bearer' };
}

export async function login(ctx: Ctx, deps: Deps): Promise<void> {
  const { clientId, clientSecret } = readStrings(ctx, await readJsonBody(ctx), ['clientId', 'clientSecret']);
  const identity = deps.store.byClientId.get(clientId);
  // The Oct-2024 server tells an unknown client id apart (docs/emulator.md, Routes).
  if (!identity && deps.faults.legacy('unknownClientId404')) throw apiError(ctx.reqId, 404, 'NotFound', 'No identity with specified client ID was found');
  if (deps.faults.wrongCredentials || !identity || !acceptsClientSecret(identity, clientSecret)) {
    throw unauthorized(ctx.reqId, 'Invalid credentials');
  }
  issueAccessToken(ctx, deps, identity.id);
}

/** The reply of every successful login, whatever the method; honours the `tokenTtlSeconds` fault. */
export function issueAccessToken(ctx: Ctx, deps: Deps, identityId: string): void {
  const ttl = deps.faults.tokenTtl(DEFAULT_TTL_SECONDS);
  sendJson(ctx, 200, tokenBody(deps.tokens.issue(identityId, ttl), ttl));
}

/** Shared by renew and revoke: the body token must be live, with the same errors as the auth hook. */
function liveToken(ctx: Ctx, deps: Deps, token: string): TokenRecord {
  const check = deps.tokens.check(token);
  if (check.ok) return check.record;
  if (check.reason === 'revoked') throw unauthorized(ctx.reqId, 'No identity access token found');
  throw tokenError(ctx.reqId, check.reason === 'expired' ? TOKEN_EXPIRED : TOKEN_MALFORMED);
}

export async function renew(ctx: Ctx, deps: Deps): Promise<void> {
  const { accessToken } = readStrings(ctx, await readJsonBody(ctx), ['accessToken']);
  const record = liveToken(ctx, deps, accessToken);
  const ttl = record.ttlSeconds > 0 ? record.ttlSeconds : DEFAULT_TTL_SECONDS;
  sendJson(ctx, 200, tokenBody(deps.tokens.issue(record.identityId, ttl), ttl));
}

export async function revoke(ctx: Ctx, deps: Deps): Promise<void> {
  const { accessToken } = readStrings(ctx, await readJsonBody(ctx), ['accessToken']);
  liveToken(ctx, deps, accessToken);
  deps.tokens.revoke(accessToken);
  sendJson(ctx, 200, { message: 'Successfully revoked access token' });
}

/** The bearer check of protected routes (Infisical's injectIdentity + verifyAuth); returns the identity id. */
export function authenticate(ctx: Ctx, deps: Deps): string {
  const header = ctx.req.headers.authorization;
  if (header === undefined || header.length === 0) throw unauthorized(ctx.reqId, 'Token missing');
  // The server blindly drops the first 7 characters, assuming "Bearer ".
  const record = liveToken(ctx, deps, header.slice(7));
  return record.identityId;
}
