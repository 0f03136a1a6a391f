import { InfisicalError, type Happened, type InfisicalCode, type Phase } from '../errors.js';
import type { Redact } from '../transport/classify.js';
import { BadResponseError } from './parse-secrets.js';

// What a route needs to read a reply: the host its words name, and what must never be shown.
export interface ReplyContext {
  host: string;
  redact: Redact;
  proxy?: string; // the proxy the requests go through, for the words of a failure
}

export type Fail = (code: InfisicalCode, happened: Happened) => InfisicalError;

// The failures of one reply, each naming the host (and proxy), the phase and the reply's status.
export const replyFailure =
  (context: ReplyContext, phase: Phase, status: number): Fail =>
  (code, happened) =>
    new InfisicalError({ code, host: context.host, proxy: context.proxy, phase, status, happened });

// A body that is not what Infisical sends is INFISICAL_BAD_RESPONSE; any other error is itself.
export const asBadResponse = (error: unknown, fail: Fail): unknown =>
  error instanceof BadResponseError ? fail('INFISICAL_BAD_RESPONSE', { kind: 'malformed', detail: error.message }) : error;

// A 2xx body read by `parse`.
export const parseReply = <T>(parse: (body: string) => T, body: string, fail: Fail): T => {
  try {
    return parse(body);
  } catch (error) {
    throw asBadResponse(error, fail);
  }
};
