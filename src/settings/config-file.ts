import { dirname, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { configError } from '../errors.js';
import { lstatQuietly } from '../util/lstat-quietly.js';
import { READ_CAPS, readRegularFile } from '../util/read-regular-file.js';
import { isMapping } from '../util/is-mapping.js';
import { OPTION_LIST, type SettingsLayer } from './options.js';

// The config file is small and read once: yaml gives it YAML 1.1 and precise error positions.
const YAML_OPTIONS = { version: '1.1', uniqueKeys: true, prettyErrors: true, maxAliasCount: 100 } as const;
const firstLine = (message: string): string => message.split('\n', 1)[0]!.trim();
// The settings and their values are listed in docs/configuration.md, the users' page, so the hints point there.
const fixSettings = (name: string): string => `fix ${name}; docs/configuration.md lists each setting`;
const fixYaml = (name: string): string => `fix the YAML in ${name}`;

// .secrets-run.yaml or --config. Paths inside it are relative to the file's own directory.
export const readConfigFile = (path: string, cwd: string): SettingsLayer => {
  const absolute = resolve(cwd, path);
  const name = relative(cwd, absolute) || path;
  let text: string;
  try {
    text = readRegularFile(absolute, READ_CAPS.config).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const dangling = code === 'ENOENT' && lstatQuietly(absolute)?.isSymbolicLink() === true;
    const why = dangling
      ? 'a link to a file that does not exist'
      : code === 'ENOENT'
        ? 'not found'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'ENOTREG' || code === 'EFBIG'
            ? `${(error as Error).message}: not read`
            : code === 'ELOOP'
              ? 'a symlink loop'
              : `not readable (${code})`;
    throw configError(`config file ${name}: ${why}`, `fix ${name}, or point --config at another file`);
  }
  const doc = parseDocument(text, YAML_OPTIONS);
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const line = error.linePos?.[0]?.line;
    throw configError(
      `config file ${name}${line ? `:${line}` : ''}: invalid YAML: ${firstLine(error.message).replace(/ at line \d+, column \d+:?$/, '')}`,
      fixYaml(name),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount });
  } catch (error) {
    // An alias to nothing, or too many aliases: found only while building the value.
    throw configError(`config file ${name}: invalid YAML: ${firstLine(error instanceof Error ? error.message : String(error))}`, fixYaml(name));
  }
  if (data === null || data === undefined) return { origin: name };
  if (!isMapping(data)) throw configError(`config file ${name}: expected a mapping of settings at the top level`, fixSettings(name));
  return validate(data, name, dirname(absolute));
};

// Every option with a config key, in the table's order.
const CONFIG_OPTIONS = OPTION_LIST.filter(([, row]) => row.config !== undefined);
const KEYS = CONFIG_OPTIONS.map(([, row]) => row.config!);

const validate = (data: Record<string, unknown>, name: string, base: string): SettingsLayer => {
  const origin = `config file ${name}`;
  const fail = (message: string): Error => configError(`${origin}: ${message}`, fixSettings(name));
  for (const key of Object.keys(data)) {
    if (!KEYS.includes(key)) throw fail(`unknown setting '${key}' (known: ${KEYS.join(', ')})`);
  }
  const layer: Record<string, unknown> = { origin: name };
  for (const [key, row] of CONFIG_OPTIONS) {
    const value = data[row.config!];
    layer[key] = value === undefined || value === null ? undefined : row.kind.yaml(value, row.config!, { origin, fail, base });
  }
  return layer as SettingsLayer;
};
