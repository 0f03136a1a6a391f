import type { Send } from '../transport/send.js';
import type { ReplyContext } from './context.js';
import { readLoginReply } from './login-reply.js';
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
  return readLoginReply(reply, context, parseLoginBody);
};
