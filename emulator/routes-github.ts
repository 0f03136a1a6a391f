// A stand-in for GitHub Actions' ID-token endpoint (what ACTIONS_ID_TOKEN_REQUEST_URL points at in a
// job with `id-token: write`), so a client's "fetch the ID token, then log in with OIDC" path runs
// without GitHub. The token it hands out is signed by the emulator's issuer. Neither the request
// token nor the ID token is ever logged.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import { HttpError, routeNotFound } from './errors.js';
import type { Issuer } from './issuer.js';

export const GITHUB_PATH = '/_github/token';
/** GitHub's default audience is the URL of the repository owner. */
export const GITHUB_DEFAULT_AUDIENCE = 'https://github.com/acme';
export const GITHUB_SUBJECT = 'repo:acme/app:ref:refs/heads/main';

export function newRequestToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `onRequest` records the audience asked for ('' when none), refused requests included. */
export function handleGithub(ctx: Ctx, issuer: Issuer, requestToken: string, onRequest: (audience: string) => void): void {
  if (ctx.method !== 'GET' || ctx.path !== GITHUB_PATH) throw routeNotFound(ctx.method, ctx.rawUrl);
  const audience = ctx.query.get('audience') ?? '';
  onRequest(audience);
  const header = ctx.req.headers.authorization ?? '';
  if (!header.startsWith('Bearer ') || !sameToken(header.slice(7), requestToken)) {
    throw new HttpError(401, { message: "Bad credentials: the bearer token is not this run's ACTIONS_ID_TOKEN_REQUEST_TOKEN" });
  }
  const value = issuer.issue({
    sub: GITHUB_SUBJECT,
    aud: audience.length > 0 ? audience : GITHUB_DEFAULT_AUDIENCE,
    repository: 'acme/app',
    repository_owner: 'acme',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    event_name: 'push',
    job_workflow_ref: 'acme/app/.github/workflows/ci.yml@refs/heads/main',
  });
  sendJson(ctx, 200, { count: 1, value });
}
