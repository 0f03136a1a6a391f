import { classifyLogin } from '../transport/classify.js';
import type { Send } from '../transport/send.js';
import { parseReply, replyFailure, type ReplyContext } from './context.js';
import { parseLoginBody } from './parse-secrets.js';

export interface UniversalAuthCredentials {
  clientId: string;
  clientSecret: string;
}

// POST /api/v1/auth/universal-auth/login. A second login does no harm (it mints another token), so
// it is retried like a read.
export const universalAuthLogin = async (
  send: Send,
  credentials: UniversalAuthCredentials,
  context: ReplyContext,
): Promise<{ accessToken: string; expiresIn: number }> => {
  const reply = await send(
    { method: 'POST', path: '/api/v1/auth/universal-auth/login', json: { clientId: credentials.clientId, clientSecret: credentials.clientSecret } },
    { phase: 'login', idempotent: true },
  );
  reply.release?.(); // a login's body is read here and now, or not at all
  const verdict = classifyLogin(reply, context.redact);
  const fail = replyFailure(context, 'login', reply.status);
  if (verdict.kind === 'retry') throw fail('INFISICAL_UNREACHABLE', { kind: 'kept-failing' });
  if (verdict.kind === 'fail')
    throw fail(
      verdict.code,
      verdict.code === 'INFISICAL_AUTH_REFUSED' ? { kind: 'credentials-refused', said: verdict.reason } : { kind: 'server-said', said: verdict.reason },
    );
  return parseReply(parseLoginBody, reply.body, fail);
};
