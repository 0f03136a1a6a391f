// Fault injection state. Each scoped knob keeps its own countdown (`times`), and route/secretPath
// narrow which requests it fires for, so a test can fail exactly "the first two lists of /shared/db".
import type { Faults, FaultScope } from './types.js';
import { normalizePath } from './seed.js';
import { HttpError, apiError, rateLimitHeaders, rateLimited } from './errors.js';
import { SCOPED, parseFaults } from './faults-parse.js';
import type { LegacyKnob } from './legacy.js';
import { SlidingWindowLimiter } from './limits.js';
import type { LimitClass } from './limits.js';

/** `write`: the create/update routes; `read`: the admin side's lookups (folders, projects, identities, memberships). */
export type RouteKind = 'login' | 'list' | 'write' | 'read' | 'other';

export interface RequestInfo {
  kind: RouteKind;
  /** Normalised secretPath for secret reads; undefined for everything else. */
  secretPath?: string;
  /** `/api/status` is exempt from the shared `rateLimit` budget, as from the real server's global limiter. */
  exemptFromLimiter: boolean;
  /** The per-IP class (`limits`) the route counts against, if any. */
  limit?: LimitClass;
  /** The client's address, which keys the per-IP limits. */
  ip: string;
}

export type FaultAction =
  | { type: 'none' }
  | { type: 'error'; error: HttpError }
  | { type: 'hang' }
  | { type: 'drop' }
  | { type: 'malformed' }
  | { type: 'wrongShape' }
  | { type: 'echo' };

type ScopedKnob = (typeof SCOPED)[number];

export class FaultState {
  private faults: Faults = {};
  private readonly remaining = new Map<ScopedKnob, number>();
  private windowStart = 0;
  private windowCount = 0;
  private expiredTokenPending = false;
  private readonly perIp: SlidingWindowLimiter;

  constructor(private readonly now: () => number = Date.now) {
    this.perIp = new SlidingWindowLimiter(now);
  }

  set(raw: unknown): void {
    this.faults = parseFaults(raw);
    this.remaining.clear();
    for (const knob of SCOPED) {
      const times = this.faults[knob]?.times;
      if (times !== undefined) this.remaining.set(knob, times);
    }
    this.windowStart = this.now();
    this.windowCount = 0;
    this.perIp.clear();
    this.expiredTokenPending = this.faults.tokenTtlSeconds === 0;
  }

  current(): Faults {
    return structuredClone(this.faults);
  }

  get latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  get wrongCredentials(): boolean {
    return this.faults.wrongCredentials === true;
  }

  /** One of the older server's behaviours (legacy.ts), each off unless set. */
  legacy(knob: LegacyKnob): boolean {
    return this.faults.legacy?.[knob] === true;
  }

  /**
   * TTL for a token being issued now. A TTL of 0 yields one born-expired token and then falls back
   * to the default, so a well-behaved client recovers with exactly one re-login.
   */
  tokenTtl(defaultTtl: number): number {
    const ttl = this.faults.tokenTtlSeconds;
    if (ttl === undefined) return defaultTtl;
    if (ttl > 0) return ttl;
    if (!this.expiredTokenPending) return defaultTtl;
    this.expiredTokenPending = false;
    return 0;
  }

  private matches(knob: ScopedKnob, info: RequestInfo): boolean {
    const scope: FaultScope | undefined = this.faults[knob];
    if (!scope) return false;
    const route = scope.route ?? 'any';
    if (route !== 'any' && route !== info.kind) return false;
    if (scope.secretPath !== undefined && (info.secretPath === undefined || normalizePath(scope.secretPath) !== info.secretPath)) return false;
    const left = this.remaining.get(knob);
    if (left === undefined) return true;
    if (left <= 0) return false;
    this.remaining.set(knob, left - 1);
    return true;
  }

  /** Rate-limit headers for the request's per-IP class, or the refusal once its window is full. */
  private classLimiter(info: RequestInfo, reqId: string, headers: Record<string, string>): HttpError | undefined {
    const limits = this.faults.limits;
    if (!limits || info.limit === undefined) return undefined;
    const verdict = this.perIp.take(limits, info.limit, info.ip);
    if (!verdict) return undefined;
    if (verdict.refused) return rateLimited(reqId, verdict.resetSeconds, verdict.limit, 0, this.legacy('rateLimit500'));
    Object.assign(headers, rateLimitHeaders(verdict.limit, verdict.remaining, verdict.resetSeconds));
    return undefined;
  }

  /** Rate-limit headers to add to a response, or a 429 when the shared budget is spent. */
  private sharedLimiter(info: RequestInfo, reqId: string, headers: Record<string, string>): HttpError | undefined {
    const rl = this.faults.rateLimit;
    if (!rl || info.exemptFromLimiter) return undefined;
    const now = this.now();
    if (now >= this.windowStart + rl.windowMs) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount++;
    const resetSeconds = Math.max(1, Math.ceil((this.windowStart + rl.windowMs - now) / 1000));
    if (this.windowCount > rl.perWindow) return rateLimited(reqId, resetSeconds, rl.perWindow, 0, this.legacy('rateLimit500'));
    Object.assign(headers, rateLimitHeaders(rl.perWindow, rl.perWindow - this.windowCount, resetSeconds));
    return undefined;
  }

  /** Picks at most one fault for this request; only the knob that fires has its `times` spent. */
  decide(info: RequestInfo, reqId: string, headers: Record<string, string>): FaultAction {
    // Limits run first, as the real limiter's onRequest hook does: before auth, validation and the route.
    const limited = this.classLimiter(info, reqId, headers) ?? this.sharedLimiter(info, reqId, headers);
    if (limited) return { type: 'error', error: limited };
    if (this.matches('rateLimit429', info)) {
      const retry = this.faults.rateLimit429?.retryAfterSeconds ?? 1;
      return { type: 'error', error: rateLimited(reqId, retry, 60, 0, this.legacy('rateLimit500')) };
    }
    if (this.matches('status5xx', info)) {
      const status = this.faults.status5xx?.status ?? 503;
      const name = status === 503 ? 'ServiceUnavailable' : status === 504 ? 'GatewayTimeout' : 'InternalServerError';
      return { type: 'error', error: apiError(reqId, status, name, 'Something went wrong') };
    }
    if (this.matches('redirect', info)) {
      const location = this.faults.redirect?.location ?? 'https://elsewhere.invalid/api/v4/secrets';
      return { type: 'error', error: new HttpError(307, { message: `Redirecting to ${location}` }, { location }) };
    }
    if (this.matches('dropConnection', info)) return { type: 'drop' };
    if (this.matches('hang', info)) return { type: 'hang' };
    if (this.matches('malformedBody', info)) return { type: 'malformed' };
    if (this.matches('wrongShape', info)) return { type: 'wrongShape' };
    if (this.matches('echoRequest', info)) return { type: 'echo' };
    return { type: 'none' };
  }
}
