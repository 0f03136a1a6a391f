import type { Send } from '../transport/send.js';
import type { ReplyContext } from './context.js';
import { asSaid, readLoginReply } from './login-reply.js';
import { parseLoginBody } from './parse-secrets.js';

// The two logins that exchange a signed token for an access token: OIDC (a CI provider's ID token) and
// Kubernetes (a service-account token, checked by the server against the cluster). Same body, same reply.
export type IdentityLoginKind = 'oidc-auth' | 'kubernetes-auth';

const LABEL: Record<IdentityLoginKind, string> = { 'oidc-auth': 'OIDC', 'kubernetes-auth': 'Kubernetes' };

// POST /api/v1/auth/{oidc-auth,kubernetes-auth}/login. Retried like a read: a second login mints
// another token and does no harm.
export const identityLogin = async (
  send: Send,
  kind: IdentityLoginKind,
  credentials: { identityId: string; jwt: string },
  context: ReplyContext,
): Promise<{ accessToken: string; expiresIn: number }> => {
  const reply = await send(
    { method: 'POST', path: `/api/v1/auth/${kind}/login`, json: { identityId: credentials.identityId, jwt: credentials.jwt } },
    { phase: 'login', idempotent: true },
  );
  return readLoginReply(reply, context, parseLoginBody, (refusal, fail) => {
    // No such identity, or one without this login method attached: nothing a retry or a fresh token fixes.
    if (reply.status === 404)
      return fail('INFISICAL_CONFIG', {
        kind: 'misconfigured',
        reason: `${context.host} has no ${LABEL[kind]} login for INFISICAL_MACHINE_IDENTITY_ID (${refusal.reason}): attach ${kind} to the identity, or check the id`,
      });
    // 401 (a bad signature, issuer, audience or expiry) and 403 (a subject or claim not allowed) both
    // say this identity may not log in with this token.
    if (reply.status === 401 || reply.status === 403) return fail('INFISICAL_AUTH_REFUSED', { kind: 'credentials-refused', said: refusal.reason });
    return asSaid(refusal, fail);
  });
};
