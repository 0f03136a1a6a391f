import type { HttpReply } from './classify.js';
import type { Deadline } from './deadline.js';
import type { HttpClient, HttpRequest } from './http.js';

type Request = Omit<HttpRequest, 'timeoutMs' | 'signal' | 'onAnswering'>;

interface Racer {
  reply: Promise<HttpReply>;
  stop(): void;
}

// Past the deadline, the time a copy's own limit is set to: the deadline's abort ends every copy at
// once, and must come first. The deadline is read off the wall clock and timers off the event loop's
// own, a millisecond apart either way; a copy whose own timer ended it first would free its
// connection for a request still queued, opened anew only to be ended the next instant.
const PAST_DEADLINE_MS = 100;

// One copy of the request, which may take all the time left, and which stops with the deadline or
// when the other copy has answered.
const start = (http: HttpClient, request: Request, deadline: Deadline, onAnswering?: () => void): Racer => {
  const own = new AbortController();
  const onDeadline = (): void => own.abort();
  deadline.signal.addEventListener('abort', onDeadline, { once: true });
  const timeoutMs = deadline.remainingMs() + PAST_DEADLINE_MS;
  const reply = http.request({ ...request, timeoutMs, signal: own.signal, onAnswering });
  const release = (): void => deadline.signal.removeEventListener('abort', onDeadline);
  reply.then(release, release);
  return { reply, stop: () => own.abort() };
};

// One try that a hung connection cannot use up. The request may take all the time left, so a slow
// server that answers within the deadline succeeds; if it has not begun to answer after hedgeAfterMs,
// an idempotent request goes out a second time beside it (on another connection), the first answer
// wins and the other copy is stopped. An answer that has begun is not hedged: a large listing still
// arriving would only be slowed, and counted twice against the rate limit, by a copy beside it. A
// failure is waited out only while the other copy may still answer.
export const tryHedged = (http: HttpClient, request: Request, deadline: Deadline, idempotent: boolean): Promise<HttpReply> => {
  if (!idempotent) return start(http, request, deadline).reply;
  let answering = false;
  const first = start(http, request, deadline, () => void (answering = true));
  return new Promise<HttpReply>((resolve, reject) => {
    const racers: Racer[] = [first];
    let settled = false;
    let failed = 0;
    const hedge = setTimeout(() => {
      if (settled || answering || deadline.passed) return;
      const second = start(http, request, deadline);
      racers.push(second);
      follow(second);
    }, deadline.hedgeAfterMs());
    function follow(racer: Racer): void {
      racer.reply.then(
        (reply) => {
          if (settled) return void reply.release?.(); // the other copy answered first
          settled = true;
          clearTimeout(hedge);
          for (const other of racers) if (other !== racer) other.stop();
          resolve(reply);
        },
        (error: unknown) => {
          if (settled) return;
          failed++;
          // The first copy failed before the second went out: the try is over (the caller retries).
          if (failed < racers.length) return;
          settled = true;
          clearTimeout(hedge);
          reject(error);
        },
      );
    }
    follow(first);
  });
};
