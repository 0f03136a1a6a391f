import { resolve } from 'node:path';
import { configError, usageError } from '../errors.js';
import { isMapping } from '../util/is-mapping.js';
import { nameTable } from './name-table.js';
import { checkSlug, parseSeconds } from './settings-layer.js';
import { parseAliasSpec, parseTransportSpec, splitList } from './specs.js';

// How one kind of value is read from each of the three sources, with the words of its errors. An
// option's row in options.ts names its kind; the loops over the rows (parse-args, env-settings,
// config-file, settings) call these and nothing else. F is the value as the command line holds it
// (Flags), L as a settings layer holds it once checked.
export interface Kind<F, L> {
  readonly type: 'string' | 'boolean' | 'array'; // how yargs-parser reads the flag
  // The flag's values as yargs-parser gives them, one per occurrence → the Flags value.
  readonly argv: (values: readonly unknown[], flag: string) => F;
  // The Flags value → the layer's, checked; errors name the flag (usage errors).
  readonly check: (value: F, flag: string) => L;
  // A SECRETS_RUN_* value, as set (not blank); errors name the variable.
  readonly text: (raw: string, name: string) => L;
  // A config-file value (not null); errors name the file, and the key where they always did.
  readonly yaml: (value: unknown, key: string, at: ConfigContext) => L;
}

export interface ConfigContext {
  origin: string; // `config file NAME`
  fail: (message: string) => Error; // prefixes the origin
  base: string; // the file's directory: paths inside it are relative to it
}

const last = (values: readonly unknown[]): unknown => values[values.length - 1];

const oneValue = (values: readonly unknown[], flag: string): string => {
  const value = last(values);
  if (typeof value !== 'string' || value === '') throw usageError(`--${flag} needs a value`);
  return value;
};

const everyValue = (values: readonly unknown[], flag: string): string[] =>
  values.map((value) => {
    if (typeof value !== 'string' || value === '') throw usageError(`--${flag} needs a value`);
    return value;
  });

const noYaml = (_value: unknown, key: string): never => {
  throw new Error(`${key} is not a config-file setting`);
};

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

// A variable's switch words; undefined for anything else.
export const switchWord = (raw: string): boolean | undefined => {
  const word = raw.trim().toLowerCase();
  return TRUE.has(word) ? true : FALSE.has(word) ? false : undefined;
};

export const switchKind: Kind<boolean, boolean> = {
  type: 'boolean',
  argv: (values, flag) => {
    const value = last(values);
    if (typeof value !== 'boolean') throw usageError(`--${flag} takes no value`);
    return value;
  },
  check: (value) => value,
  text: (raw, name) => {
    const value = switchWord(raw);
    if (value === undefined) throw configError(`${name}: expected true or false, got '${raw}'`);
    return value;
  },
  yaml: (value, key, at) => {
    if (typeof value !== 'boolean') throw at.fail(`'${key}' must be true or false`);
    return value;
  },
};

// A list of paths that is set but names none (`SECRETS_RUN_CONTRACTS=,`) is a mistake, not a wish
// for an empty list: it would quietly scan nothing, or read no env file at all.
export const pathsKind: Kind<string[], string[]> = {
  type: 'array',
  argv: everyValue,
  check: (value) => value,
  text: (raw, name) => {
    const items = splitList(raw, ',');
    if (items.length === 0) throw configError(`${name}: no path in '${raw}'`);
    return items;
  },
  yaml: (value, key, at) => {
    const items = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(items) || items.some((p) => typeof p !== 'string' || p.trim() === '')) throw at.fail(`'${key}' must be a path or a list of paths`);
    return (items as string[]).map((p) => resolve(at.base, p.trim()));
  },
};

export const namesKind: Kind<string[], string[]> = {
  type: 'array',
  argv: everyValue,
  check: (value) => value,
  text: (raw) => splitList(raw, ','),
  yaml: (value, key, at) => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) throw at.fail(`'${key}' must be a list of variable names`);
    return (value as string[]).map((v) => v.trim());
  },
};

export const slugKind = (what: string): Kind<string, string> => ({
  type: 'string',
  argv: oneValue,
  check: (value, flag) => checkSlug(value, what, `--${flag}`, usageError),
  text: (raw, name) => checkSlug(raw.trim(), what, name, configError),
  yaml: (value, key, at) => {
    if (typeof value !== 'string' || value.trim() === '') throw at.fail(`'${key}' must be a non-empty string`);
    return checkSlug(value.trim(), what, at.origin, configError);
  },
});

// Checked when it becomes a setting, so `--timeout=-1` is refused naming the flag.
export const secondsKind: Kind<string, number> = {
  type: 'string',
  argv: oneValue,
  check: (value, flag) => parseSeconds(value, `--${flag}`, usageError),
  text: (raw, name) => parseSeconds(raw.trim(), name, configError),
  yaml: (value, _key, at) => parseSeconds(String(value), at.origin, configError),
};

// The config file's table under `key`; at.fail prefixes the file's name. A reserved name is refused
// before its value is looked at, so the error names it whatever the value is.
const table = <V>(value: unknown, key: string, at: ConfigContext, what: string, entry: (v: unknown, k: string) => V): Record<string, V> => {
  if (!isMapping(value)) throw at.fail(`'${key}' must be a mapping`);
  const names: Record<string, unknown> = nameTable(Object.entries(value), what, key, at.fail);
  for (const name of Object.keys(names)) names[name] = entry(names[name], name);
  return names as Record<string, V>;
};

// --transport db=A,B (repeatable), SECRETS_RUN_TRANSPORTS="db=A,B;kafka=C", transports: {db: [A, B]}
export const transportsKind: Kind<Record<string, string[]>, Record<string, string[]>> = {
  type: 'array',
  argv: (values, flag) =>
    nameTable(
      everyValue(values, flag).map((s) => parseTransportSpec(s, `--${flag}`, usageError)),
      'transport',
      `--${flag}`,
      usageError,
    ),
  check: (value) => value,
  text: (raw, name) =>
    nameTable(
      splitList(raw, ';').map((s) => parseTransportSpec(s, name, configError, 'SLUG=KEY,KEY;SLUG=KEY')),
      'transport',
      name,
      configError,
    ),
  yaml: (value, key, at) =>
    table(value, key, at, 'transport', (v, k) => {
      const keys = v === null ? [] : v;
      if (!Array.isArray(keys) || keys.some((x) => typeof x !== 'string')) throw at.fail(`${key}.${k} must be a list of key names`);
      return (keys as string[]).map((x) => x.trim());
    }),
};

// --alias timescale=db (repeatable), SECRETS_RUN_ALIASES="a=db,b=kafka", aliases: {timescale: db}
export const aliasesKind: Kind<Record<string, string>, Record<string, string>> = {
  type: 'array',
  argv: (values, flag) =>
    nameTable(
      everyValue(values, flag).map((s) => parseAliasSpec(s, `--${flag}`, usageError)),
      'alias',
      `--${flag}`,
      usageError,
    ),
  check: (value) => value,
  text: (raw, name) =>
    nameTable(
      splitList(raw, ',').map((s) => parseAliasSpec(s, name, configError, 'NAME=SLUG,NAME=SLUG')),
      'alias',
      name,
      configError,
    ),
  yaml: (value, key, at) =>
    table(value, key, at, 'alias', (v, k) => {
      if (typeof v !== 'string' || v.trim() === '') throw at.fail(`${key}.${k} must name a transport slug`);
      return v.trim();
    }),
};

// A word taken as given: --config PATH, --format, --command.
export const textKind: Kind<string, string> = {
  type: 'string',
  argv: oneValue,
  check: (value) => value,
  text: (raw) => raw.trim(),
  yaml: noYaml,
};

export const DEFAULT_OFFLINE_MAX_AGE_SECONDS = 24 * 60 * 60;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

// A duration as people write one: 90s, 30m, 3h, 2d, or several (1h30m). A bare number is refused: in
// SECRETS_RUN_OFFLINE_CACHE, 1 means "on", and 1 second would be a surprise.
export const parseDuration = (raw: string, origin: string, fail: (message: string) => Error): number => {
  const text = raw.trim().toLowerCase();
  const parts = [...text.matchAll(/(\d+)([smhd])/g)];
  const seconds = parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_SECONDS[unit!]!, 0);
  if (text === '' || parts.map((p) => p[0]).join('') !== text || seconds <= 0 || seconds > 365 * 86400)
    throw fail(`${origin}: invalid max age '${raw}' (a duration such as 90s, 30m, 3h or 2d, at most 365d)`);
  return seconds;
};

// --offline-cache (on, the default max age) or --offline-cache=MAX_AGE; SECRETS_RUN_OFFLINE_CACHE=1
// or a max age (0 or false: off); offlineCache: true, false or a max age. The layer holds the max age in
// seconds, 0 for off.
export const offlineCacheKind: Kind<string, number> = {
  type: 'string',
  argv: (values) => {
    const value = last(values);
    return typeof value === 'string' ? value : '';
  },
  check: (value, flag) => (value === '' ? DEFAULT_OFFLINE_MAX_AGE_SECONDS : parseDuration(value, `--${flag}`, usageError)),
  text: (raw, name) => {
    const on = switchWord(raw);
    return on === undefined ? parseDuration(raw, name, configError) : on ? DEFAULT_OFFLINE_MAX_AGE_SECONDS : 0;
  },
  yaml: (value, key, at) => {
    if (typeof value === 'boolean') return value ? DEFAULT_OFFLINE_MAX_AGE_SECONDS : 0;
    if (typeof value !== 'string') throw at.fail(`'${key}' must be true, false or a max age such as 24h`);
    return parseDuration(value, at.origin, configError);
  },
};

export type MaskMode = 'off' | 'on' | 'github';

// --mask (on) or --mask=github (on, and each value announced to GitHub Actions with ::add-mask::);
// SECRETS_RUN_MASK=1, 0 or github; mask: true, false or github.
export const maskKind: Kind<string, MaskMode> = {
  type: 'string',
  argv: (values) => {
    const value = last(values);
    return typeof value === 'string' ? value : '';
  },
  check: (value, flag) => {
    if (value === '') return 'on';
    if (value === 'github') return 'github';
    throw usageError(`--${flag}=${value}: expected --${flag} or --${flag}=github`);
  },
  text: (raw, name) => {
    if (raw.trim().toLowerCase() === 'github') return 'github';
    const on = switchWord(raw);
    if (on === undefined) throw configError(`${name}: invalid value '${raw}' (1, 0 or github)`);
    return on ? 'on' : 'off';
  },
  yaml: (value, key, at) => {
    if (typeof value === 'boolean') return value ? 'on' : 'off';
    if (value === 'github') return 'github';
    throw at.fail(`'${key}' must be true, false or github`);
  },
};

// The signals a restart may stop the command with (--stop-signal), as `docker stop --signal` names them.
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

const stopSignal = (raw: string, origin: string, fail: (message: string) => Error): StopSignal => {
  const upper = raw.trim().toUpperCase();
  const name = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as StopSignal;
  if (!STOP_SIGNALS.includes(name)) throw fail(`${origin}: invalid signal '${raw}' (one of ${STOP_SIGNALS.join(', ')})`);
  return name;
};

export const signalKind: Kind<string, StopSignal> = {
  type: 'string',
  argv: oneValue,
  check: (value, flag) => stopSignal(value, `--${flag}`, usageError),
  text: (raw, name) => stopSignal(raw, name, configError),
  yaml: (value, _key, at) => stopSignal(String(value), at.origin, configError),
};
