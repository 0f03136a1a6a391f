// Validation of an untrusted Faults value (setFaults, POST /__emulator/faults, the command line). A
// misspelt or mistyped knob throws instead of doing nothing, so a test cannot pass for the wrong reason.
import type { Faults } from './types.js';
import { LEGACY_KNOBS } from './legacy.js';

export const SCOPED = ['rateLimit429', 'status5xx', 'redirect', 'dropConnection', 'hang', 'malformedBody', 'wrongShape', 'echoRequest'] as const;
const KNOBS: ReadonlySet<string> = new Set([...SCOPED, 'latencyMs', 'rateLimit', 'limits', 'tokenTtlSeconds', 'wrongCredentials', 'legacy']);
const LIMIT_KEYS: ReadonlySet<string> = new Set(['secrets', 'auth', 'writes', 'windowMs']);
const LEGACY_KEYS: ReadonlySet<string> = new Set(LEGACY_KNOBS);

function bad(what: string): never {
  throw new TypeError(`invalid emulator faults: ${what}`);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkNumber(where: string, v: unknown, min = 0): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < min)) bad(`${where} must be a number >= ${min}`);
}

function checkKeys(name: string, v: Record<string, unknown>, known: ReadonlySet<string>): void {
  for (const key of Object.keys(v)) if (!known.has(key)) bad(`unknown key '${name}.${key}' (known: ${[...known].join(', ')})`);
}

function checkScope(name: string, v: unknown): void {
  if (v === undefined) return;
  if (!isObj(v)) bad(`${name} must be an object`);
  if (v.route !== undefined && !['login', 'list', 'write', 'read', 'any'].includes(v.route as string)) bad(`${name}.route must be login|list|write|read|any`);
  if (v.secretPath !== undefined && typeof v.secretPath !== 'string') bad(`${name}.secretPath must be a string`);
  checkNumber(`${name}.times`, v.times);
}

function checkLimits(v: unknown): void {
  if (v === undefined) return;
  if (!isObj(v)) bad('limits must be an object');
  checkKeys('limits', v, LIMIT_KEYS);
  for (const cls of ['secrets', 'auth', 'writes'] as const) {
    const n = v[cls];
    if (n !== undefined && !(typeof n === 'number' && Number.isInteger(n) && n >= 0)) bad(`limits.${cls} must be an integer >= 0 (0: unlimited)`);
  }
  checkNumber('limits.windowMs', v.windowMs, 1);
}

function checkLegacy(v: unknown): void {
  if (v === undefined) return;
  if (!isObj(v)) bad('legacy must be an object');
  checkKeys('legacy', v, LEGACY_KEYS);
  for (const [key, flag] of Object.entries(v)) if (typeof flag !== 'boolean') bad(`legacy.${key} must be a boolean`);
}

/** Validates an untrusted Faults value and deep-copies it. */
export function parseFaults(raw: unknown): Faults {
  if (raw === undefined || raw === null) return {};
  if (!isObj(raw)) bad('must be an object');
  for (const key of Object.keys(raw)) if (!KNOBS.has(key)) bad(`unknown knob '${key}' (known: ${[...KNOBS].join(', ')})`);
  checkNumber('latencyMs', raw.latencyMs);
  checkNumber('tokenTtlSeconds', raw.tokenTtlSeconds);
  for (const knob of SCOPED) checkScope(knob, raw[knob]);
  if (isObj(raw.status5xx)) checkNumber('status5xx.status', raw.status5xx.status, 500);
  if (isObj(raw.redirect) && raw.redirect.location !== undefined && typeof raw.redirect.location !== 'string') bad('redirect.location must be a string');
  if (isObj(raw.rateLimit429)) checkNumber('rateLimit429.retryAfterSeconds', raw.rateLimit429.retryAfterSeconds);
  if (raw.rateLimit !== undefined) {
    if (!isObj(raw.rateLimit)) bad('rateLimit must be an object');
    checkNumber('rateLimit.perWindow', raw.rateLimit.perWindow ?? -1);
    checkNumber('rateLimit.windowMs', raw.rateLimit.windowMs ?? -1, 1);
  }
  checkLimits(raw.limits);
  if (raw.wrongCredentials !== undefined && typeof raw.wrongCredentials !== 'boolean') bad('wrongCredentials must be a boolean');
  checkLegacy(raw.legacy);
  return structuredClone(raw) as Faults;
}
