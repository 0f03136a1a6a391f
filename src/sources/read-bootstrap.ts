import { BOOTSTRAP_VARS, type BootstrapField } from './bootstrap-vars.js';
import type { SourcedValue } from './env-files.js';

export type VariableSource = { kind: 'environment' } | { kind: 'env-file'; file: string };

export interface BootstrapValue {
  value: string;
  name: string; // the variable it was read from (canonical or alias)
  source: VariableSource;
}

export type Bootstrap = Partial<Record<BootstrapField, BootstrapValue>>;

// Inherited environment first, then env files; within one source the canonical name beats its alias.
// Empty values count as unset, as an empty INFISICAL_ADDR= line in a .env means "no Infisical".
export const readBootstrap = (env: Readonly<Record<string, string | undefined>>, fileVars: ReadonlyMap<string, SourcedValue>): Bootstrap => {
  const result: Bootstrap = {};
  for (const spec of BOOTSTRAP_VARS) {
    result[spec.field] = findInEnvironment(spec.names, env) ?? findInFiles(spec.names, fileVars);
  }
  return result;
};

const findInEnvironment = (names: readonly string[], env: Readonly<Record<string, string | undefined>>): BootstrapValue | undefined => {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { value: value.trim(), name, source: { kind: 'environment' } };
  }
  return undefined;
};

const findInFiles = (names: readonly string[], fileVars: ReadonlyMap<string, SourcedValue>): BootstrapValue | undefined => {
  for (const name of names) {
    const entry = fileVars.get(name);
    if (entry !== undefined && entry.value.trim() !== '') return { value: entry.value.trim(), name, source: { kind: 'env-file', file: entry.file } };
  }
  return undefined;
};
