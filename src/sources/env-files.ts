import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { SecretsRunError } from '../errors.js';
import type { EnvFileRequest } from '../settings/settings.js';
import { isCarriable, uncarriable, type Uncarriable } from '../util/env-value.js';
import { lstatQuietly } from '../util/lstat-quietly.js';
import { literalKeys } from './expand-env.js';
import { READ_CAPS, readRegularFile } from '../util/read-regular-file.js';

export type { EnvFileRequest };

export interface EnvFileLayer {
  file: string;
  vars: Record<string, string>;
  literal?: ReadonlySet<string>; // keys given single-quoted: never expanded
}

export interface SourcedValue {
  value: string;
  file: string;
}

// Later files win among files (docs/configuration.md, Where each variable comes from); the result remembers
// which file each value came from. A value no environment can carry (a NUL character, or over the
// kernel's 128 KiB for one variable) is passed over, so an earlier file's value stands.
export const mergeEnvFileLayers = (layers: readonly EnvFileLayer[]): Map<string, SourcedValue> => {
  const merged = new Map<string, SourcedValue>();
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer.vars)) if (isCarriable(name, value)) merged.set(name, { value, file: layer.file });
  }
  return merged;
};

// The values mergeEnvFileLayers passed over that would have won among the files: none of a later file
// replaced them.
export const uncarriableInLayers = (layers: readonly EnvFileLayer[]): ({ key: string; from: string } & Uncarriable)[] => {
  const pending = new Map<string, { from: string } & Uncarriable>();
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer.vars)) {
      const why = uncarriable(name, value);
      if (why === undefined) pending.delete(name);
      else pending.set(name, { from: layer.file, ...why });
    }
  }
  return [...pending].map(([key, entry]) => ({ key, ...entry }));
};

const describeReadFailure = (error: NodeJS.ErrnoException): string => {
  switch (error.code) {
    case 'ENOENT':
      return 'not found';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTREG':
    case 'EFBIG':
      return `${error.message}: not read`;
    case 'ELOOP':
      return 'a symlink loop';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error.code ?? 'unreadable';
  }
};

// dotenv's parse() builds a plain object, where a variable named __proto__ vanishes (an assignment to
// __proto__ sets no property). Such a line is read under a name no file uses and put back under its
// own name, on an object without a prototype, so the variable reaches the child like any other.
const NO_KEYS: ReadonlySet<string> = new Set();

const PROTO_LINE = /^(\s*(?:export\s+)?)__proto__(\s*[=:])/gm;
const PROTO_STANDIN = '__SECRETS_RUN_PROTO_7f3c__';
const parseEnvText = (source: string): Record<string, string> => {
  const parsed = parse(source.replace(PROTO_LINE, `$1${PROTO_STANDIN}$2`));
  const vars: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(parsed)) {
    if (name === PROTO_STANDIN) Object.defineProperty(vars, '__proto__', { value, enumerable: true, writable: true, configurable: true });
    else vars[name] = value;
  }
  return vars;
};

// Parsed with dotenv; `${VAR}` is expanded afterwards, over all the files (expand-env.ts), unless
// --no-expand (docs/configuration.md, Where each variable comes from).
export const loadEnvFiles = (requests: readonly EnvFileRequest[], cwd: string): EnvFileLayer[] => {
  const layers: EnvFileLayer[] = [];
  for (const request of requests) {
    let text: Buffer;
    try {
      text = readRegularFile(resolve(cwd, request.path), READ_CAPS.envFile);
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      // The default .env only when it is a file: a directory by that name is usually a Python
      // virtualenv (`python -m venv .env`), which dotenv-cli passes over too. In a working directory
      // this user cannot search, there is no .env it could see either; a .env file it may not read
      // is still an error.
      if (
        !request.explicit &&
        (err.code === 'ENOENT' || err.code === 'EISDIR' || (err.code === 'EACCES' && lstatQuietly(resolve(cwd, request.path)) === undefined))
      )
        continue;
      throw new SecretsRunError('ENV_FILE_UNREADABLE', `env file ${request.path}: ${describeReadFailure(err)}`, {
        hint: request.explicit ? 'check the --env-file path, or pass --no-env-file' : `fix or remove ${request.path}, or pass --no-env-file`,
      });
    }
    const source = text.toString('utf8');
    // Quotes matter only to expansion, which only a `$` starts: a file without one is not scanned again.
    layers.push({ file: request.path, vars: parseEnvText(source), literal: source.includes('$') ? literalKeys(source) : NO_KEYS });
  }
  return layers;
};
