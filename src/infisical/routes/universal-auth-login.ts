import { InfisicalError } from '../errors.js';
import { classifyLogin } from '../transport/classify.js';
import type { Send } from '../transport/send.js';
import type { ReplyContext } from './context.js';
import { BadResponseError, parseLoginBody } from './parse-secrets.js';

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
  const { host } = context;
  const reply = await send(
    { method: 'POST', path: '/api/v1/auth/universal-auth/login', json: { clientId: credentials.clientId, clientSecret: credentials.clientSecret } },
    { phase: 'login', idempotent: true },
  );
  const verdict = classifyLogin(reply, context.redact);
  const status = reply.status;
  if (verdict.kind === 'retry')
    throw new InfisicalError({ code: 'INFISICAL_UNREACHABLE', host, proxy: context.proxy, phase: 'login', status, happened: { kind: 'kept-failing' } });
  if (verdict.kind === 'fail') {
    const happened =
      verdict.code === 'INFISICAL_AUTH_REFUSED'
        ? ({ kind: 'credentials-refused', said: verdict.reason } as const)
        : ({ kind: 'server-said', said: verdict.reason } as const);
    throw new InfisicalError({ code: verdict.code, host, proxy: context.proxy, phase: 'login', status, happened });
  }
  try {
    return parseLoginBody(reply.body);
  } catch (error) {
    if (!(error instanceof BadResponseError)) throw error;
    throw new InfisicalError({
      code: 'INFISICAL_BAD_RESPONSE',
      host,
      proxy: context.proxy,
      phase: 'login',
      status,
      happened: { kind: 'malformed', detail: error.message },
    });
  }
};
