import { SCRUBBED_NAMES } from '../sources/bootstrap-vars.js';
import { ownValue } from '../util/env-value.js';
import type { SourcedValue } from '../sources/env-files.js';
import type { PlannedKey, Resolution } from '../plan/types.js';
import type { FetchedValue } from '../resolve/types.js';

export interface MergeInput {
  inherited: Readonly<Record<string, string | undefined>>;
  envFiles: ReadonlyMap<string, SourcedValue>;
  fetched: ReadonlyMap<string, FetchedValue>; // planned keys that Infisical had
  plan: readonly PlannedKey[];
  override: boolean;
  scrubBootstrap: boolean;
}

// Names and sources only: provenance never holds a value.
export interface KeyProvenance {
  key: string;
  resolution: Exclude<Resolution, 'unknown'>;
  folder?: string; // when Infisical supplied it
  cacheAgeSeconds?: number; // when the offline cache supplied it (resolution 'cache'): its age
  file?: string; // when an env file supplied it
  shadowed: ('environment' | 'infisical' | 'env-file')[]; // lower sources that also had it
}

export interface MergeResult {
  env: Record<string, string>;
  keys: KeyProvenance[]; // one per planned key, plan order
}

// The child's environment starts from no prototype: on a plain object, a variable named __proto__
// (planned by a contract, or inherited) would set the object's prototype instead of a property and
// vanish, while the report still called it injected. spawn() reads every enumerable name (for...in),
// so an own __proto__ reaches the child like any other.
export const emptyEnv = (): Record<string, string> => Object.create(null) as Record<string, string>;

// Pure: inherited environment > Infisical (already resolved per folder priority) > env files.
// --override lifts Infisical above the inherited environment for fetched keys only.
export const mergeEnv = (input: MergeInput): MergeResult => {
  const env = emptyEnv();
  for (const [name, { value }] of input.envFiles) env[name] = value;
  for (const [name, value] of Object.entries(input.inherited)) if (value !== undefined) env[name] = value;

  const keys: KeyProvenance[] = [];
  for (const { key } of input.plan) {
    const inherited = ownValue(input.inherited, key) !== undefined;
    const fetched = input.fetched.get(key);
    const fromFile = input.envFiles.get(key);
    const present: KeyProvenance['shadowed'] = [];
    if (inherited) present.push('environment');
    if (fetched) present.push('infisical');
    if (fromFile) present.push('env-file');

    let winner: KeyProvenance['shadowed'][number] | undefined = present[0];
    if (input.override && fetched) winner = 'infisical';
    if (winner === 'infisical') env[key] = fetched!.value;

    const cached = winner === 'infisical' ? fetched!.cacheAgeSeconds : undefined;
    const entry: KeyProvenance = { key, resolution: cached !== undefined ? 'cache' : (winner ?? 'missing'), shadowed: present.filter((s) => s !== winner) };
    if (winner === 'infisical') entry.folder = fetched!.folder;
    if (cached !== undefined) entry.cacheAgeSeconds = cached;
    if (winner === 'env-file') entry.file = fromFile!.file;
    keys.push(entry);
  }
  if (input.scrubBootstrap) for (const name of SCRUBBED_NAMES) delete env[name];
  return { env, keys };
};
