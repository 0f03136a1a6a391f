// When and how long to wait before trying a request again. Pure: the clock and the random source
// are parameters, so the schedule is unit-tested exactly.

export interface RetryPolicy {
  baseMs: number; // first backoff step
  capMs: number; // longest single backoff
  maxAttempts: number; // per request, first try included
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 100, capMs: 2000, maxAttempts: 6 };

// Exponential backoff with "equal jitter": half the step is fixed, half random, so concurrent
// launchers spread out without any of them retrying at once.
export const backoffMs = (attempt: number, policy: RetryPolicy, random: () => number): number => {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
};

// Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3).
export const parseRetryAfter = (value: string | undefined, nowMs: number): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
};

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
}

// attempt: how many tries have been made. retryAfterMs: what the server asked for, if anything.
// A wait that would end past the deadline is not worth starting.
export const decideRetry = (args: {
  attempt: number;
  retryAfterMs: number | undefined;
  nowMs: number;
  deadlineMs: number;
  policy: RetryPolicy;
  random: () => number;
}): RetryDecision => {
  if (args.attempt >= args.policy.maxAttempts) return { retry: false, delayMs: 0 };
  const delayMs = args.retryAfterMs ?? backoffMs(args.attempt, args.policy, args.random);
  if (args.nowMs + delayMs >= args.deadlineMs) return { retry: false, delayMs: 0 };
  return { retry: true, delayMs };
};
