// Kubernetes machine-identity login (`POST /api/v1/auth/kubernetes-auth/login`). The real server
// sends the service-account token to the cluster's TokenReview API; the emulator plays the cluster,
// verifying the token with its own issuer key, then applies Infisical's namespace / name / audience
// checks in their words (docs/emulator.md, Kubernetes). The token never reaches an error or a log.
import type { Ctx } from './http.js';
import { readJsonBody } from './http.js';
import type { Deps } from './deps.js';
import { apiError, unauthorized } from './errors.js';
import { KUBERNETES_ISSUER } from './issuer.js';
import { audiences, decodeJwt, globMatch, signatureValid, timeProblem } from './jwt.js';
import { issueAccessToken, readStrings } from './routes-auth.js';
import { splitList } from './routes-oidc.js';

export const KUBERNETES_NOT_FOUND = 'Kubernetes auth method not found for identity, did you configure Kubernetes auth?';

type Review = { ok: true; namespace: string; name: string } | { ok: false; error?: string };

const SERVICE_ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** What the cluster's TokenReview would say: a refusal carries the API server's error text, if any. */
function tokenReview(deps: Deps, jwt: string, wanted: string[]): Review {
  const decoded = decodeJwt(jwt);
  // A token no authenticator of the cluster recognises is simply not authenticated.
  if (!decoded || decoded.payload.iss !== KUBERNETES_ISSUER) return { ok: false };
  if (deps.faults.wrongCredentials || !signatureValid(decoded, deps.issuer.publicKey)) {
    return { ok: false, error: '[invalid bearer token, go-jose/go-jose: error in cryptographic primitive]' };
  }
  const time = timeProblem(decoded.payload, Math.floor(deps.now() / 1000));
  if (time === 'jwt expired') return { ok: false, error: '[invalid bearer token, go-jose/go-jose/jwt: validation failed, token is expired (exp)]' };
  if (time) return { ok: false, error: '[invalid bearer token, go-jose/go-jose/jwt: validation failed, token not valid yet (nbf)]' };
  const tokenAudiences = audiences(decoded.payload);
  if (!tokenAudiences.some((aud) => wanted.includes(aud))) {
    return {
      ok: false,
      error: `[invalid bearer token, token audiences ${JSON.stringify(tokenAudiences)} is invalid for the target audiences ${JSON.stringify(wanted)}]`,
    };
  }
  const sub = SERVICE_ACCOUNT.exec(typeof decoded.payload.sub === 'string' ? decoded.payload.sub : '');
  if (!sub) return { ok: false };
  return { ok: true, namespace: sub[1] as string, name: sub[2] as string };
}

const allowedBy = (list: string, value: string): boolean => splitList(list).some((entry) => globMatch(value, entry));

export async function kubernetesLogin(ctx: Ctx, deps: Deps): Promise<void> {
  const { identityId, jwt } = readStrings(ctx, await readJsonBody(ctx), ['identityId', 'jwt']);
  const identity = deps.store.identities.get(identityId);
  const config = identity?.kubernetes;
  if (!identity || !config) throw apiError(ctx.reqId, 404, 'NotFound', KUBERNETES_NOT_FOUND);
  // The server asks the review for its allowed audience; without one the API server's own applies.
  const review = tokenReview(deps, jwt, [config.allowedAudience ?? KUBERNETES_ISSUER]);
  if (!review.ok) throw apiError(ctx.reqId, 401, 'KubernetesTokenReviewError', review.error ?? 'Kubernetes token not authenticated');
  if (config.allowedNamespaces && !allowedBy(config.allowedNamespaces, review.namespace)) {
    throw unauthorized(ctx.reqId, 'Access denied: K8s namespace not allowed.');
  }
  if (config.allowedNames && !allowedBy(config.allowedNames, review.name)) {
    throw unauthorized(ctx.reqId, 'Access denied: K8s name not allowed.');
  }
  issueAccessToken(ctx, deps, identity.id);
}
