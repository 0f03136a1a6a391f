import { configError } from '../errors.js';
import type { SettingsLayer } from './settings-layer.js';
import { checkSlug, parseSeconds } from './settings-layer.js';

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

const bool = (env: Readonly<Record<string, string | undefined>>, name: string): boolean | undefined => {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw configError(`${name}: expected true or false, got '${env[name]}'`);
};

const str = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

const list = (value: string | undefined, separator: string): string[] | undefined =>
  value === undefined ? undefined : value.split(separator).map((s) => s.trim()).filter((s) => s !== '');

// A list of paths that is set but names none (`SECRETS_RUN_CONTRACTS=,`) is a mistake, not a wish
// for an empty list: it would quietly scan nothing, or read no env file at all.
const paths = (env: Readonly<Record<string, string | undefined>>, name: string): string[] | undefined => {
  const items = list(str(env, name), ',');
  if (items !== undefined && items.length === 0) throw configError(`${name}: no path in '${env[name]}'`);
  return items;
};

// "db=A,B;kafka=C"
const transports = (value: string | undefined, name: string): Record<string, string[]> | undefined => {
  if (value === undefined) return undefined;
  const result: Record<string, string[]> = {};
  for (const part of list(value, ';') ?? []) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw configError(`${name}: expected SLUG=KEY,KEY;SLUG=KEY but got '${part}'`);
    result[part.slice(0, eq).trim()] = list(part.slice(eq + 1), ',') ?? [];
  }
  return result;
};

// "timescale=db,pg=db"
const aliases = (value: string | undefined, name: string): Record<string, string> | undefined => {
  if (value === undefined) return undefined;
  const result: Record<string, string> = {};
  for (const part of list(value, ',') ?? []) {
    const eq = part.indexOf('=');
    const alias = part.slice(0, eq).trim();
    const target = part.slice(eq + 1).trim();
    if (eq <= 0 || alias === '' || target === '') throw configError(`${name}: expected NAME=SLUG,NAME=SLUG but got '${part}'`);
    result[alias] = target;
  }
  return result;
};

// SECRETS_RUN_* from the inherited environment only: env files cannot choose which env files are read.
// An empty variable counts as unset.
export const readEnvSettings = (env: Readonly<Record<string, string | undefined>>): SettingsLayer => {
  const noEnvFile = bool(env, 'SECRETS_RUN_NO_ENV_FILE');
  const envFiles = paths(env, 'SECRETS_RUN_ENV_FILES');
  // As --env-file with --no-env-file: one of them is a mistake, and which one cannot be told.
  if (noEnvFile && envFiles !== undefined) throw configError('set either SECRETS_RUN_ENV_FILES or SECRETS_RUN_NO_ENV_FILE, not both');
  const service = str(env, 'SECRETS_RUN_SERVICE');
  const environment = str(env, 'SECRETS_RUN_ENVIRONMENT');
  const timeout = str(env, 'SECRETS_RUN_TIMEOUT');
  return {
    origin: 'environment',
    envFiles: noEnvFile ? false : envFiles,
    contracts: paths(env, 'SECRETS_RUN_CONTRACTS'),
    service: service === undefined ? undefined : checkSlug(service, 'service slug', 'SECRETS_RUN_SERVICE', configError),
    environment: environment === undefined ? undefined : checkSlug(environment, 'environment slug', 'SECRETS_RUN_ENVIRONMENT', configError),
    require: bool(env, 'SECRETS_RUN_REQUIRE'),
    override: bool(env, 'SECRETS_RUN_OVERRIDE'),
    scrubBootstrap: bool(env, 'SECRETS_RUN_SCRUB_BOOTSTRAP'),
    allowKeys: list(str(env, 'SECRETS_RUN_ALLOW_KEYS'), ','),
    timeoutSeconds: timeout === undefined ? undefined : parseSeconds(timeout, 'SECRETS_RUN_TIMEOUT', configError),
    transports: transports(str(env, 'SECRETS_RUN_TRANSPORTS'), 'SECRETS_RUN_TRANSPORTS'),
    aliases: aliases(str(env, 'SECRETS_RUN_ALIASES'), 'SECRETS_RUN_ALIASES'),
    quiet: bool(env, 'SECRETS_RUN_QUIET'),
    verbose: bool(env, 'SECRETS_RUN_VERBOSE'),
  };
};
