// OIDC machine-identity login (`POST /api/v1/auth/oidc-auth/login`), checked as Infisical's
// identity-oidc-auth-service does, in its order and words, but against the emulator's own issuer
// key instead of a discovery document fetched over the network (docs/emulator.md, OIDC).
// Neither the JWT nor its claims ever reach an error or a log.
import type { Ctx } from './http.js';
import { readJsonBody } from './http.js';
import type { Deps } from './deps.js';
import { apiError, unauthorized } from './errors.js';
import { audiences, claimAt, decodeJwt, globMatch, signatureValid, timeProblem } from './jwt.js';
import type { DecodedJwt, JwtClaims } from './jwt.js';
import { issueAccessToken, readStrings } from './routes-auth.js';
import type { SeedOidcAuth } from './types.js';

export const OIDC_NOT_FOUND = 'OIDC auth method not found for identity, did you configure OIDC auth?';

/** Infisical splits its lists on ", "; splitting on "," and trimming accepts that and "a,b" alike. */
export const splitList = (list: string): string[] =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** jsonwebtoken's verify: algorithm, signature, nbf, exp, then issuer; the first problem in its words. */
function verifyProblem(deps: Deps, jwt: DecodedJwt, issuer: string): string | undefined {
  if (jwt.header.alg !== 'RS256') return 'invalid algorithm';
  // wrongCredentials: as if the issuer's key had rotated under the client, no signature verifies.
  if (deps.faults.wrongCredentials || !signatureValid(jwt, deps.issuer.publicKey)) return 'invalid signature';
  const time = timeProblem(jwt.payload, Math.floor(deps.now() / 1000));
  if (time) return time;
  if (jwt.payload.iss !== issuer) return `jwt issuer invalid. expected: ${issuer}`;
  return undefined;
}

function verify(ctx: Ctx, deps: Deps, jwt: DecodedJwt, issuer: string): JwtClaims {
  const kid = jwt.header.kid;
  if (typeof kid === 'string' && kid.length > 0) {
    if (kid !== deps.issuer.kid) {
      throw unauthorized(
        ctx.reqId,
        `Access denied: Unable to verify JWT signature. The signing key '${kid}' was not found in the OIDC provider's JWKS endpoint. This may indicate an invalid token or misconfigured OIDC provider.`,
      );
    }
    const problem = verifyProblem(deps, jwt, issuer);
    if (problem) throw unauthorized(ctx.reqId, `Access denied: ${problem}`);
    return jwt.payload;
  }
  // Without a kid the server tries each key of the JWKS (here there is one) and reports the last failure.
  const problem = verifyProblem(deps, jwt, issuer);
  if (problem) throw unauthorized(ctx.reqId, `Access denied: Unable to verify JWT signature with any available signing key. ${problem}`);
  return jwt.payload;
}

/** The bound subject, audiences and claims, in the server's order. */
function checkBounds(ctx: Ctx, config: SeedOidcAuth, claims: JwtClaims): void {
  if (config.boundSubject && !(typeof claims.sub === 'string' && globMatch(claims.sub, config.boundSubject))) {
    throw apiError(ctx.reqId, 403, 'ForbiddenError', 'Access denied: OIDC subject not allowed.');
  }
  if (config.boundAudiences) {
    const allowed = splitList(config.boundAudiences);
    if (!audiences(claims).some((aud) => allowed.some((policy) => globMatch(aud, policy)))) {
      throw unauthorized(ctx.reqId, 'Access denied: OIDC audience not allowed.');
    }
  }
  for (const [claim, policy] of Object.entries(config.boundClaims ?? {})) {
    const value = claimAt(claims, claim);
    if (!value) {
      throw unauthorized(ctx.reqId, `Access denied: token has no ${claim} field`);
    }
    if (!splitList(policy).some((entry) => globMatch(String(value), entry))) {
      throw unauthorized(ctx.reqId, 'Access denied: OIDC claim not allowed.');
    }
  }
}

export async function oidcLogin(ctx: Ctx, deps: Deps): Promise<void> {
  const { identityId, jwt } = readStrings(ctx, await readJsonBody(ctx), ['identityId', 'jwt']);
  const identity = deps.store.identities.get(identityId);
  const config = identity?.oidc;
  if (!identity || !config) throw apiError(ctx.reqId, 404, 'NotFound', OIDC_NOT_FOUND);
  const decoded = decodeJwt(jwt);
  if (!decoded) throw unauthorized(ctx.reqId, 'Invalid JWT');
  // An identity with no boundIssuer trusts the emulator's own issuer only (the real server would not check).
  const claims = verify(ctx, deps, decoded, config.boundIssuer ?? deps.issuer.url);
  checkBounds(ctx, config, claims);
  issueAccessToken(ctx, deps, identity.id);
}
