import type { InfisicalError, Phase } from '../errors.js';
import { describe, parseErrorBody, redirectTo, type HttpReply } from '../transport/classify.js';
import { replyFailure, type ReplyContext } from './context.js';

// One reply to a request of the admin commands (seed, provision, export's reads), read once: a 2xx
// body as JSON, or the server's own `error` and `message` (redacted), so a route can tell "already
// exists" or "not found" apart before it calls the reply a failure.
export interface CallReply {
  status: number;
  ok: boolean;
  data: unknown; // a 2xx body, parsed; undefined otherwise
  error: string; // the server's `error` field ('NotFound', 'BadRequest'...), '' when none
  message: string; // the server's `message`, redacted, '' when none
  unknownRoute: boolean; // Fastify's own 404: this server lacks the route (an older generation)
  failure(): InfisicalError; // the reply as an error, in the words a list's failure has
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

// `retried`: whether the sender retried a 5xx or 429 (a read); a write is sent once (transport/send.ts).
export const readCallReply = (reply: HttpReply, context: ReplyContext, phase: Exclude<Phase, 'config'>, retried = true): CallReply => {
  const { status } = reply;
  const fail = replyFailure(context, phase, status);
  const ok = status >= 200 && status < 300;
  const body = ok ? {} : parseErrorBody(reply.body);
  const message = context.redact(text(body.message));
  const failure = (): InfisicalError => {
    const redirect = redirectTo(reply);
    if (redirect !== undefined) return fail('INFISICAL_HTTP', { kind: 'server-said', said: redirect });
    if (status === 429 || status >= 500) return fail('INFISICAL_UNREACHABLE', retried ? { kind: 'kept-failing' } : { kind: 'kept-failing', once: true });
    if (status === 401 && body.error !== 'ValidationFailure') return fail('INFISICAL_AUTH_REFUSED', { kind: 'token-refused' });
    const said = describe(status, body, context.redact);
    return fail(status === 403 ? 'INFISICAL_FORBIDDEN' : 'INFISICAL_HTTP', { kind: 'server-said', said });
  };
  let data: unknown;
  if (ok) {
    // A large body arrives as bytes (transport/http.ts): read here, its budget let go at once.
    const body = reply.bytes === undefined ? reply.body : Buffer.from(reply.bytes).toString('utf8');
    reply.release?.();
    try {
      data = body === '' ? {} : JSON.parse(body);
    } catch {
      return {
        status,
        ok: false,
        data: undefined,
        error: '',
        message: '',
        unknownRoute: false,
        failure: () => fail('INFISICAL_BAD_RESPONSE', { kind: 'malformed', detail: 'not JSON' }),
      };
    }
  }
  const unknownRoute = status === 404 && /^Route [A-Z]+:\S+ not found$/.test(text(body.message));
  return { status, ok, data, error: text(body.error), message, unknownRoute, failure };
};

// A field of a parsed body, or a malformed-reply error naming it.
export const field = <T>(reply: CallReply, context: ReplyContext, phase: Exclude<Phase, 'config'>, pick: (data: unknown) => T | undefined, what: string): T => {
  const value = (() => {
    try {
      return pick(reply.data);
    } catch {
      return undefined;
    }
  })();
  if (value === undefined || value === null)
    throw replyFailure(context, phase, reply.status)('INFISICAL_BAD_RESPONSE', { kind: 'malformed', detail: `no ${what}` });
  return value;
};
