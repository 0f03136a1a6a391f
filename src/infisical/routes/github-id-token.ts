import { HEADER_UNSAFE } from '../../util/header-value.js';
import { BadResponseError } from './parse-secrets.js';
import type { Send } from '../transport/send.js';
import type { ReplyContext } from './context.js';
import { readLoginReply } from './login-reply.js';

// The runner's URL with the audience added: it already has a query (api-version), so `&audience=`.
export const idTokenPath = (requestUrl: URL, audience: string | undefined): string => {
  const url = new URL(requestUrl);
  if (audience !== undefined) url.searchParams.set('audience', audience);
  return `${url.pathname}${url.search}`;
};

const parseIdToken = (body: string): string => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadResponseError('the ID-token body is not JSON');
  }
  const value = (parsed as { value?: unknown } | null)?.value;
  if (typeof value !== 'string' || value === '' || HEADER_UNSAFE.test(value)) throw new BadResponseError('the ID-token body has no usable value');
  return value;
};

// GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=AUD with the runner's request token: a fresh GitHub Actions
// ID token (a JWT) for this job, as @actions/core's getIDToken asks for it. `send` talks to the
// runner's host, whose name the failures carry.
export const githubIdToken = async (
  send: Send,
  requestUrl: URL,
  requestToken: string,
  audience: string | undefined,
  context: ReplyContext,
): Promise<string> => {
  const reply = await send({ method: 'GET', path: idTokenPath(requestUrl, audience), token: requestToken }, { phase: 'login', idempotent: true });
  return readLoginReply(reply, context, parseIdToken, (refusal, fail) => fail('INFISICAL_AUTH_REFUSED', { kind: 'id-token-refused', said: refusal.reason }));
};
