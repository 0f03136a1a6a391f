import type { InfisicalError } from '../errors.js';
import { classifyLogin, type HttpReply, type LoginVerdict } from '../transport/classify.js';
import { parseReply, replyFailure, type Fail, type ReplyContext } from './context.js';

export type Refusal = Extract<LoginVerdict, { kind: 'fail' }>;

// A refusal in the words classifyLogin chose: refused credentials, or what the server said.
export const asSaid = (refusal: Refusal, fail: Fail): InfisicalError =>
  fail(
    refusal.code,
    refusal.code === 'INFISICAL_AUTH_REFUSED' ? { kind: 'credentials-refused', said: refusal.reason } : { kind: 'server-said', said: refusal.reason },
  );

// The reply of a request made while logging in (a login, or the CI runner's ID token): read here and
// now, or not at all. 5xx and 429 until the tries ran out are the host failing; a refusal is what
// `refused` makes of it; a 2xx body is read by `parse`.
export const readLoginReply = <T>(
  reply: HttpReply,
  context: ReplyContext,
  parse: (body: string) => T,
  refused: (refusal: Refusal, fail: Fail) => InfisicalError = asSaid,
): T => {
  reply.release?.();
  const verdict = classifyLogin(reply, context.redact);
  const fail = replyFailure(context, 'login', reply.status);
  if (verdict.kind === 'retry') throw fail('INFISICAL_UNREACHABLE', { kind: 'kept-failing' });
  if (verdict.kind === 'fail') throw refused(verdict, fail);
  return parseReply(parse, reply.body, fail);
};
