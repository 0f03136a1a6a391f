import type { SourcedValue } from '../sources/env-files.js';
import { POINTER_BYTES, variableBytes } from '../util/env-value.js';
import type { KeyProvenance, MergeResult } from './merge-env.js';
import type { Unpassable } from './unpassable.js';

// The bytes an environment takes in the new program: each "NAME=value" with its NUL, and its pointer.
export const environmentBytes = (env: Readonly<Record<string, string>>): number =>
  Object.entries(env).reduce((sum, [name, value]) => sum + variableBytes(name, value) + POINTER_BYTES, 0);

// At most three UTF-8 bytes a UTF-16 unit: an environment well under the limit (every usual one) is
// not encoded to be counted.
const fitsSurely = (env: Readonly<Record<string, string>>, room: number): boolean => {
  let bound = 0;
  for (const [name, value] of Object.entries(env)) bound += (name.length + value.length) * 3 + 2 + POINTER_BYTES;
  return bound <= room;
};

export interface FitInput {
  merge: MergeResult;
  inherited: Readonly<Record<string, string | undefined>>;
  envFiles: ReadonlyMap<string, SourcedValue>;
  room: number | undefined; // bytes the environment may take (launch/exec-limit.ts); undefined: no known limit
}

// Where the child's value of `key` came from, when it is one this run added (an env file, an Infisical
// folder); undefined for an inherited value, which the kernel carried to us and is kept as it is.
const originOf = (input: FitInput): ((key: string) => string | undefined) => {
  const planned = new Map(input.merge.keys.map((k) => [k.key, k]));
  return (key) => {
    const entry = planned.get(key);
    if (entry !== undefined)
      return entry.resolution === 'infisical' || entry.resolution === 'cache' ? entry.folder : entry.resolution === 'env-file' ? entry.file : undefined;
    return input.inherited[key] !== undefined ? undefined : input.envFiles.get(key)?.file;
  };
};

// Pure. When the environment is over the system's limit, the largest values this run added are left
// out, one by one, until it fits (the fewest variables lost, and a large value is the likeliest to be
// a mistake: a certificate bundle, a file pasted whole); ties by name, so a run is repeatable. The
// variable is left unset, not replaced by a lower source's value: the operator chose which one wins,
// and no other is the one meant. When even leaving out every added value would not fit (the inherited
// environment or the arguments are too large themselves), nothing is left out: the spawn then fails
// with E2BIG, said as such (launch/spawn-child.ts), rather than starting without values for nothing.
export const fitEnvironment = (input: FitInput): { merge: MergeResult; leftOut: Unpassable[] } => {
  const unchanged = { merge: input.merge, leftOut: [] };
  if (input.room === undefined || fitsSurely(input.merge.env, input.room)) return unchanged;
  let total = environmentBytes(input.merge.env);
  if (total <= input.room) return unchanged;
  const origin = originOf(input);
  const candidates = Object.entries(input.merge.env)
    .flatMap(([key, value]) => {
      const from = origin(key);
      return from === undefined ? [] : [{ key, from, bytes: variableBytes(key, value) }];
    })
    .sort((a, b) => b.bytes - a.bytes || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const leftOut: Unpassable[] = [];
  for (const { key, from, bytes } of candidates) {
    if (total <= input.room) break;
    leftOut.push({ key, from, reason: 'too-much', bytes });
    total -= bytes + POINTER_BYTES;
  }
  if (total > input.room) return unchanged;
  const gone = new Set(leftOut.map((l) => l.key));
  const env = { ...input.merge.env };
  for (const key of gone) delete env[key];
  const keys = input.merge.keys.map((k): KeyProvenance => (gone.has(k.key) ? { key: k.key, resolution: 'missing', shadowed: [] } : k));
  return { merge: { env, keys }, leftOut };
};
