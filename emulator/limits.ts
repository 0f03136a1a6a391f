// Infisical's per-client-IP rate limits (docs/emulator.md, "Rate limits"): each class keeps, per
// address, the times of the requests it let through in the last window, so a slot comes back when the
// oldest of them leaves the window. A client that is never refused here is never refused by the real
// server's fixed window (which opens at a key's first request): in any window-long span at most
// `limit` requests pass here, which the fixed window also allows.
import type { Limits } from './types.js';

export type LimitClass = 'secrets' | 'auth' | 'writes';

/** Infisical's instance defaults per class (writeLimit is 200 a minute; the others 60). */
export const DEFAULT_LIMITS: Record<LimitClass, number> = { secrets: 60, auth: 60, writes: 200 };

export const DEFAULT_LIMIT = 60;
export const DEFAULT_WINDOW_MS = 60_000;

export interface LimitVerdict {
  limit: number;
  /** Requests left in the window after this one (0 when refused). */
  remaining: number;
  /** Seconds until the oldest request in the window leaves it, freeing a slot (at least 1). */
  resetSeconds: number;
  refused: boolean;
}

export class SlidingWindowLimiter {
  /** `class ip` → times (ms) of the requests let through that are still in the window, oldest first. */
  private readonly logs = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  clear(): void {
    this.logs.clear();
  }

  /**
   * Counts a request of `cls` from `ip`, or refuses it; undefined when that class is unlimited. A
   * refused request is not logged: @fastify/rate-limit counts refusals too, but in its fixed window
   * they never delay the budget's return, and logging them in a sliding window would (a client that
   * waited out retry-after would be refused again).
   */
  take(limits: Limits, cls: LimitClass, ip: string): LimitVerdict | undefined {
    const limit = limits[cls] ?? DEFAULT_LIMITS[cls];
    if (limit === 0) return undefined;
    const windowMs = limits.windowMs ?? DEFAULT_WINDOW_MS;
    const now = this.now();
    const key = `${cls} ${ip}`;
    const log = this.logs.get(key) ?? [];
    while (log.length > 0 && (log[0] as number) + windowMs <= now) log.shift();
    this.logs.set(key, log);
    const refused = log.length >= limit;
    if (!refused) log.push(now);
    const resetSeconds = Math.max(1, Math.ceil(((log[0] as number) + windowMs - now) / 1000));
    return { limit, remaining: limit - log.length, resetSeconds, refused };
  }
}
