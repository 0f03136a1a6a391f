import { InfisicalError, type Happened, type InfisicalCode, type Phase } from '../errors.js';
import { headerOf, isRetryableNetworkError, type HttpReply } from './classify.js';
import type { Deadline } from './deadline.js';
import { tryHedged } from './hedged.js';
import { MAX_RUN_BODY_BYTES } from './body-budget.js';
import { NetworkError, type HttpClient, type HttpRequest } from './http.js';
import { decideRetry, parseRetryAfter, type RetryPolicy } from './retry-policy.js';

export type Request = Omit<HttpRequest, 'timeoutMs' | 'signal'>;

export interface SendOptions {
  phase: Exclude<Phase, 'config'>;
  // Whether a second copy of the request does no harm. One that is not (a write) is repeated only
  // when it never reached the server.
  idempotent: boolean;
}

export type Send = (request: Request, options: SendOptions) => Promise<HttpReply>;

export interface SenderDeps {
  http: HttpClient;
  host: string;
  deadline: () => Deadline;
  policy: RetryPolicy;
  random: () => number;
  now: () => number;
  proxy?: string; // the proxy every request goes through, as messages show it
}

// Network failures where the request never left this machine.
const UNSENT: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

// One request with retries on network errors, 5xx and 429 (honouring Retry-After), inside the
// deadline. Returns any reply that is not 5xx or 429, or the last one when the tries ran out; throws
// an InfisicalError when there was no reply to return.
export const createSender = (deps: SenderDeps): Send => {
  const { http, host, policy, random, now, proxy } = deps;
  return async (request, { phase, idempotent }) => {
    const deadline = deps.deadline();
    let status: number | undefined; // the last reply's, if any came
    const fail = (code: InfisicalCode, happened: Happened): InfisicalError => new InfisicalError({ code, host, phase, happened, status, proxy });
    const noAnswer = (): InfisicalError => fail('INFISICAL_TIMEOUT', { kind: 'no-answer-in-time', seconds: deadline.seconds });
    for (let attempt = 1; ; attempt++) {
      if (deadline.passed) throw noAnswer();
      let reply: HttpReply | undefined;
      let network: NetworkError | undefined;
      try {
        reply = await tryHedged(http, request, deadline, idempotent);
      } catch (error) {
        network = error instanceof NetworkError ? error : new NetworkError(undefined, false);
      }
      // The proxy answering for itself, not the server: said as such, never retried.
      const proxyStatus = /^PROXY_RESPONSE_(\d+)$/.exec(network?.code ?? '')?.[1];
      if (proxy !== undefined && (reply?.status === 407 || proxyStatus !== undefined)) {
        status = reply?.status ?? Number(proxyStatus);
        throw fail('INFISICAL_UNREACHABLE', { kind: 'proxy-refused' });
      }
      if (reply !== undefined && reply.status !== 429 && reply.status < 500) return reply;
      if (network?.code === 'BODY_TOO_LARGE') throw fail('INFISICAL_BAD_RESPONSE', { kind: 'reply-too-large', megabytes: MAX_RUN_BODY_BYTES / 2 ** 20 });
      status = reply?.status ?? status;
      if (network !== undefined && !isRetryableNetworkError(network.code) && !network.timedOut)
        throw fail('INFISICAL_UNREACHABLE', { kind: 'unreachable', network: network.code });
      const repeatable = idempotent || UNSENT.has(network?.code ?? '');
      const retryAfterMs = reply ? parseRetryAfter(headerOf(reply, 'retry-after'), now()) : undefined;
      const decision = repeatable
        ? decideRetry({ attempt, retryAfterMs, nowMs: now(), deadlineMs: deadline.at, policy, random })
        : { retry: false, delayMs: 0 };
      // Asked to wait longer than the deadline leaves (a 429, or an older server's 500 with
      // retry-after): said as such, not as a server that kept failing.
      if (!decision.retry && repeatable && retryAfterMs !== undefined && now() + retryAfterMs >= deadline.at)
        throw fail('INFISICAL_RATE_LIMITED', {
          kind: 'rate-limited',
          retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
          deadline: deadline.seconds,
          // A wait shorter than the whole deadline is past it only for what is left: said, so "retry
          // after 1 s, past the 20 s deadline" does not read as a contradiction.
          left: retryAfterMs < deadline.ms ? `${Math.max(0, Math.floor((deadline.at - now()) / 100) / 10)} s` : undefined,
        });
      if (!decision.retry) {
        if (deadline.passed || (network?.timedOut && now() >= deadline.at - 5)) throw noAnswer();
        if (reply !== undefined) return reply; // the route reads the last 5xx/429
        throw network!.timedOut
          ? fail('INFISICAL_TIMEOUT', { kind: 'no-answer-after-tries', tries: attempt })
          : fail('INFISICAL_UNREACHABLE', { kind: 'unreachable', network: network!.code });
      }
      await sleep(decision.delayMs, deadline.signal);
    }
  };
};
