import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { configError } from '../errors.js';
import { lstatQuietly } from '../util/lstat-quietly.js';
import { isMapping } from '../util/is-mapping.js';
import { checkSlug, parseSeconds, type SettingsLayer } from './settings-layer.js';

// The config file is small and read once: yaml gives it YAML 1.1 and precise error positions.
const YAML_OPTIONS = { version: '1.1', uniqueKeys: true, prettyErrors: true, maxAliasCount: 100 } as const;
const firstLine = (message: string): string => message.split('\n', 1)[0]!.trim();

const KEYS = ['contracts', 'service', 'environment', 'require', 'override', 'scrubBootstrap', 'allowKeys', 'envFiles', 'transports', 'aliases', 'timeout'] as const;

// .secrets-run.yaml or --config. Paths inside it are relative to the file's own directory.
export const readConfigFile = (path: string, cwd: string): SettingsLayer => {
  const absolute = resolve(cwd, path);
  const name = relative(cwd, absolute) || path;
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const dangling = code === 'ENOENT' && lstatQuietly(absolute)?.isSymbolicLink() === true;
    const why = dangling ? 'a link to a file that does not exist' : code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory' : `not readable (${code})`;
    throw configError(`config file ${name}: ${why}`);
  }
  const doc = parseDocument(text, YAML_OPTIONS);
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const line = error.linePos?.[0]?.line;
    throw configError(`config file ${name}${line ? `:${line}` : ''}: invalid YAML: ${firstLine(error.message).replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount });
  } catch (error) {
    // An alias to nothing, or too many aliases: found only while building the value.
    throw configError(`config file ${name}: invalid YAML: ${firstLine(error instanceof Error ? error.message : String(error))}`);
  }
  if (data === null || data === undefined) return { origin: name };
  if (!isMapping(data)) throw configError(`config file ${name}: expected a mapping of settings at the top level`);
  return validate(data, name, dirname(absolute));
};

const validate = (data: Record<string, unknown>, name: string, base: string): SettingsLayer => {
  const fail = (message: string): Error => configError(`config file ${name}: ${message}`);
  for (const key of Object.keys(data)) {
    if (!(KEYS as readonly string[]).includes(key)) throw fail(`unknown setting '${key}' (known: ${KEYS.join(', ')})`);
  }
  const str = (key: string): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw fail(`'${key}' must be a non-empty string`);
    return value.trim();
  };
  const bool = (key: string): boolean | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw fail(`'${key}' must be true or false`);
    return value;
  };
  const paths = (key: string): string[] | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    const items = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(items) || items.some((p) => typeof p !== 'string' || p.trim() === ''))
      throw fail(`'${key}' must be a path or a list of paths`);
    return (items as string[]).map((p) => resolve(base, p.trim()));
  };
  const mapping = <V>(key: string, check: (v: unknown, k: string) => V): Record<string, V> | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (!isMapping(value)) throw fail(`'${key}' must be a mapping`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, check(v, k)]));
  };
  const names = (key: string): string[] | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) throw fail(`'${key}' must be a list of variable names`);
    return (value as string[]).map((v) => v.trim());
  };
  const service = str('service');
  const environment = str('environment');
  const timeout = data['timeout'];
  return {
    origin: name,
    contracts: paths('contracts'),
    envFiles: paths('envFiles'),
    service: service === undefined ? undefined : checkSlug(service, 'service slug', `config file ${name}`, configError),
    environment: environment === undefined ? undefined : checkSlug(environment, 'environment slug', `config file ${name}`, configError),
    require: bool('require'),
    override: bool('override'),
    scrubBootstrap: bool('scrubBootstrap'),
    allowKeys: names('allowKeys'),
    timeoutSeconds: timeout === undefined || timeout === null ? undefined : parseSeconds(String(timeout), `config file ${name}`, configError),
    transports: mapping('transports', (v, k) => {
      const keys = v === null ? [] : v;
      if (!Array.isArray(keys) || keys.some((x) => typeof x !== 'string')) throw fail(`transports.${k} must be a list of key names`);
      return (keys as string[]).map((x) => x.trim());
    }),
    aliases: mapping('aliases', (v, k) => {
      if (typeof v !== 'string' || v.trim() === '') throw fail(`aliases.${k} must name a transport slug`);
      return v.trim();
    }),
  };
};
