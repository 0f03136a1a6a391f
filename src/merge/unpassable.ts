import type { SourcedValue } from '../bootstrap/env-files.js';
import type { FetchedValue } from './merge-env.js';

// A variable of a process's environment is a C string: a value holding a NUL character cannot be
// passed to any command (spawn would refuse the whole environment). Such values are left out, so the
// next source down can still supply the key, and named (never shown) in the run's report.
export interface Unpassable {
  key: string;
  from: string; // the env file, or the Infisical folder
}

export interface Passable {
  envFiles: Map<string, SourcedValue>;
  fetched: Map<string, FetchedValue>;
  unpassable: Unpassable[];
}

const NUL = '\0';

// Pure. Only values that would have reached the child are reported: one the inherited environment
// (or, for an env file, Infisical) beats is dropped quietly.
export const dropUnpassable = (
  inherited: Readonly<Record<string, string | undefined>>,
  envFiles: ReadonlyMap<string, SourcedValue>,
  fetched: ReadonlyMap<string, FetchedValue>,
  override: boolean,
): Passable => {
  const unpassable: Unpassable[] = [];
  const inEnvironment = (key: string): boolean => inherited[key] !== undefined;
  const keptFetched = new Map<string, FetchedValue>();
  for (const [key, value] of fetched) {
    if (!value.value.includes(NUL)) keptFetched.set(key, value);
    else if (override || !inEnvironment(key)) unpassable.push({ key, from: value.folder });
  }
  const keptFiles = new Map<string, SourcedValue>();
  for (const [key, value] of envFiles) {
    if (!value.value.includes(NUL)) keptFiles.set(key, value);
    else if (!inEnvironment(key) && !keptFetched.has(key)) unpassable.push({ key, from: value.file });
  }
  return { envFiles: keptFiles, fetched: keptFetched, unpassable };
};
