// Fault injection state. Each scoped knob keeps its own countdown (`times`), and route/secretPath
// narrow which requests it fires for, so a test can fail exactly "the first two lists of /shared/db".
import type { Faults, FaultScope } from './types.js';
import { normalizePath } from './seed.js';
import { HttpError, apiError, rateLimited } from './errors.js';

export type RouteKind = 'login' | 'list' | 'other';

export interface RequestInfo {
  kind: RouteKind;
  /** Normalised secretPath for secret reads; undefined for everything else. */
  secretPath?: string;
  /** `/api/status` is exempt from the rate limiter, as on the real server. */
  exemptFromLimiter: boolean;
}

export type FaultAction =
  | { type: 'none' }
  | { type: 'error'; error: HttpError }
  | { type: 'hang' }
  | { type: 'drop' }
  | { type: 'malformed' }
  | { type: 'wrongShape' }
  | { type: 'echo' };

const SCOPED = ['rateLimit429', 'status5xx', 'dropConnection', 'hang', 'malformedBody', 'wrongShape', 'echoRequest'] as const;
type ScopedKnob = (typeof SCOPED)[number];
const KNOBS: ReadonlySet<string> = new Set([...SCOPED, 'latencyMs', 'rateLimit', 'tokenTtlSeconds', 'wrongCredentials', 'legacy']);

function bad(what: string): never {
  throw new TypeError(`invalid emulator faults: ${what}`);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkNumber(where: string, v: unknown, min = 0): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < min)) bad(`${where} must be a number >= ${min}`);
}

function checkScope(name: string, v: unknown): void {
  if (v === undefined) return;
  if (!isObj(v)) bad(`${name} must be an object`);
  if (v.route !== undefined && v.route !== 'login' && v.route !== 'list' && v.route !== 'any') bad(`${name}.route must be login|list|any`);
  if (v.secretPath !== undefined && typeof v.secretPath !== 'string') bad(`${name}.secretPath must be a string`);
  checkNumber(`${name}.times`, v.times);
}

/** Validates an untrusted Faults value (e.g. from POST /__emulator/faults) and deep-copies it. */
export function parseFaults(raw: unknown): Faults {
  if (raw === undefined || raw === null) return {};
  if (!isObj(raw)) bad('must be an object');
  // A misspelled knob would otherwise do nothing, and a test would pass for the wrong reason.
  for (const key of Object.keys(raw)) if (!KNOBS.has(key)) bad(`unknown knob '${key}' (known: ${[...KNOBS].join(', ')})`);
  checkNumber('latencyMs', raw.latencyMs);
  checkNumber('tokenTtlSeconds', raw.tokenTtlSeconds);
  for (const knob of SCOPED) checkScope(knob, raw[knob]);
  if (isObj(raw.status5xx)) checkNumber('status5xx.status', raw.status5xx.status, 500);
  if (isObj(raw.rateLimit429)) checkNumber('rateLimit429.retryAfterSeconds', raw.rateLimit429.retryAfterSeconds);
  if (raw.rateLimit !== undefined) {
    if (!isObj(raw.rateLimit)) bad('rateLimit must be an object');
    checkNumber('rateLimit.perWindow', raw.rateLimit.perWindow ?? -1);
    checkNumber('rateLimit.windowMs', raw.rateLimit.windowMs ?? -1, 1);
  }
  if (raw.wrongCredentials !== undefined && typeof raw.wrongCredentials !== 'boolean') bad('wrongCredentials must be a boolean');
  if (raw.legacy !== undefined && !isObj(raw.legacy)) bad('legacy must be an object');
  return structuredClone(raw) as Faults;
}

export class FaultState {
  private faults: Faults = {};
  private readonly remaining = new Map<ScopedKnob, number>();
  private windowStart = 0;
  private windowCount = 0;
  private expiredTokenPending = false;

  constructor(private readonly now: () => number = Date.now) {}

  set(raw: unknown): void {
    this.faults = parseFaults(raw);
    this.remaining.clear();
    for (const knob of SCOPED) {
      const times = this.faults[knob]?.times;
      if (times !== undefined) this.remaining.set(knob, times);
    }
    this.windowStart = this.now();
    this.windowCount = 0;
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

  get noV4(): boolean {
    return this.faults.legacy?.noV4 === true;
  }

  get missingFolderEmpty200(): boolean {
    return this.faults.legacy?.missingFolderEmpty200 === true;
  }

  get rateLimit500(): boolean {
    return this.faults.legacy?.rateLimit500 === true;
  }

  get unknownClientId404(): boolean {
    return this.faults.legacy?.unknownClientId404 === true;
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

  /** Rate-limit headers to add to a response, or a 429 when the shared budget is spent. */
  private limiter(info: RequestInfo, reqId: string, headers: Record<string, string>): HttpError | undefined {
    const rl = this.faults.rateLimit;
    if (!rl || info.exemptFromLimiter) return undefined;
    const now = this.now();
    if (now >= this.windowStart + rl.windowMs) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount++;
    const resetSeconds = Math.max(1, Math.ceil((this.windowStart + rl.windowMs - now) / 1000));
    if (this.windowCount > rl.perWindow) return rateLimited(reqId, resetSeconds, rl.perWindow, 0, this.rateLimit500);
    headers['x-ratelimit-limit'] = String(rl.perWindow);
    headers['x-ratelimit-remaining'] = String(rl.perWindow - this.windowCount);
    headers['x-ratelimit-reset'] = String(resetSeconds);
    return undefined;
  }

  /** Picks at most one fault for this request; only the knob that fires has its `times` spent. */
  decide(info: RequestInfo, reqId: string, headers: Record<string, string>): FaultAction {
    const limited = this.limiter(info, reqId, headers);
    if (limited) return { type: 'error', error: limited };
    if (this.matches('rateLimit429', info)) {
      const retry = this.faults.rateLimit429?.retryAfterSeconds ?? 1;
      return { type: 'error', error: rateLimited(reqId, retry, 60, 0, this.rateLimit500) };
    }
    if (this.matches('status5xx', info)) {
      const status = this.faults.status5xx?.status ?? 503;
      const name = status === 503 ? 'ServiceUnavailable' : status === 504 ? 'GatewayTimeout' : 'InternalServerError';
      return { type: 'error', error: apiError(reqId, status, name, 'Something went wrong') };
    }
    if (this.matches('dropConnection', info)) return { type: 'drop' };
    if (this.matches('hang', info)) return { type: 'hang' };
    if (this.matches('malformedBody', info)) return { type: 'malformed' };
    if (this.matches('wrongShape', info)) return { type: 'wrongShape' };
    if (this.matches('echoRequest', info)) return { type: 'echo' };
    return { type: 'none' };
  }
}
