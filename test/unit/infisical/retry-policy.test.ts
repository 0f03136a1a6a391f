import { describe, expect, it } from 'vitest';
import { backoffMs, decideRetry, parseRetryAfter, DEFAULT_RETRY_POLICY } from '../../../src/infisical/transport/retry-policy.js';

const policy = { baseMs: 100, capMs: 1000, maxAttempts: 5 };

describe('retry policy', () => {
  it.each([
    // attempt, random, expected: half the step fixed, half scaled by random
    [1, 0, 50],
    [1, 1, 100],
    [2, 0, 100],
    [2, 0.5, 150],
    [3, 1, 400],
    [4, 0, 400],
    [5, 1, 1000],
    [9, 0, 500],
  ])('backoff(attempt %i, random %f) = %i ms', (attempt, random, expected) => {
    expect(backoffMs(attempt, policy, () => random)).toBe(expected);
  });

  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    [' 2 ', 2000],
    ['', undefined],
    ['soon', undefined],
    [undefined, undefined],
    ['Tue, 24 Nov 2026 10:00:05 GMT', 5000],
  ])('Retry-After %j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Tue, 24 Nov 2026 10:00:00 GMT'))).toBe(expected);
  });

  const decide = (over: Partial<Parameters<typeof decideRetry>[0]>) =>
    decideRetry({ attempt: 1, retryAfterMs: undefined, nowMs: 0, deadlineMs: 10_000, policy, random: () => 0.5, ...over });

  it.each([
    ['first failure backs off', {}, { retry: true, delayMs: 75 }],
    ["the server's Retry-After wins over backoff", { retryAfterMs: 2000 }, { retry: true, delayMs: 2000 }],
    ['a wait past the deadline is not started', { retryAfterMs: 20_000 }, { retry: false, delayMs: 0 }],
    ['nor a backoff past it', { nowMs: 9990 }, { retry: false, delayMs: 0 }],
    ['attempts are capped', { attempt: 5 }, { retry: false, delayMs: 0 }],
    ['the last allowed attempt still retries', { attempt: 4, random: () => 1 }, { retry: true, delayMs: 800 }],
  ])('%s', (_name, over, expected) => {
    expect(decide(over as Partial<Parameters<typeof decideRetry>[0]>)).toEqual(expected);
  });

  it('the default policy fits several tries inside the default 10 s deadline', () => {
    let total = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY_POLICY.maxAttempts; attempt++) total += backoffMs(attempt, DEFAULT_RETRY_POLICY, () => 1);
    expect(total).toBeLessThan(10_000);
  });
});
