import { SCRUBBED_NAMES } from '../sources/bootstrap-vars.js';
import type { FetchedValue } from '../resolve/types.js';
import { ownValue, type Uncarriable } from '../util/env-value.js';

// Values no environment can carry (a NUL character, or over the kernel's 128 KiB for one variable) are
// passed over where they are read: an env file's by the merge of the files (an earlier file's value
// stands), Infisical's by the folder search (the next folder is asked). This says which of them the run reports: those that would have reached the
// child; one a higher source beats anyway, or that --scrub-bootstrap removes, is not worth a word.
// 'too-much': carriable alone, but left out so that the whole environment fits the system's limit
// (fit-environment.ts); `bytes` is what "NAME=value" would have taken.
export type Unpassable = {
  key: string;
  from: string; // the env file, or the Infisical folder
} & (Uncarriable | { reason: 'too-much'; bytes: number });

export interface UnpassableInput {
  inherited: Readonly<Record<string, string | undefined>>;
  fetched: ReadonlyMap<string, FetchedValue>; // what Infisical supplies, after refusals
  fromInfisical: readonly Unpassable[];
  fromFiles: readonly Unpassable[];
  override: boolean;
  scrubBootstrap: boolean;
}

// Pure.
export const unpassableToReport = (input: UnpassableInput): Unpassable[] => {
  const inEnvironment = (key: string): boolean => ownValue(input.inherited, key) !== undefined;
  const scrubbed = (key: string): boolean => input.scrubBootstrap && SCRUBBED_NAMES.includes(key);
  return [
    ...input.fromInfisical.filter(({ key }) => input.override || !inEnvironment(key)),
    ...input.fromFiles.filter(({ key }) => !inEnvironment(key) && !input.fetched.has(key) && !scrubbed(key)),
  ];
};
