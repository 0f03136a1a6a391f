import type { FetchedFolder } from '../infisical/types.js';
import type { PlannedKey } from '../plan/types.js';
import { refuseDangerousKeys } from './dangerous-keys.js';
import { resolveFetchedKeys } from './resolve-keys.js';
import type { FetchedValue } from './types.js';
import type { Uncarriable } from '../util/env-value.js';

export interface ResolveInput {
  plan: readonly PlannedKey[];
  folders: ReadonlyMap<string, FetchedFolder>; // the folders that arrived
  failed: ReadonlySet<string>; // the folders (or root folders, listed recursively) asked for and not read
  allowKeys: readonly string[];
  wouldWin: (key: string) => boolean; // Infisical's value would reach the child (nothing inherited beats it)
}

export interface Resolved {
  fetched: Map<string, FetchedValue>; // what Infisical supplies, per planned key, after refusals
  hidden: Map<string, string>; // planned keys Infisical holds but this identity may not read → folder
  unread: Map<string, string>; // planned keys left unset because a folder that could hold them failed → folder
  refused: { key: string; folder: string }[]; // dangerous keys Infisical served and --allow-key did not name
  unpassable: ({ key: string; from: string } & Uncarriable)[]; // values no environment can carry, passed over
}

// Pure: the plan × the fetched folders → each key's value from Infisical, if any.
export const resolveKeys = (input: ResolveInput): Resolved => {
  const found = resolveFetchedKeys(input.plan, input.folders, input.failed);
  const { kept, refused } = refuseDangerousKeys(found.fetched, input.allowKeys, input.wouldWin);
  return { fetched: kept, hidden: found.hidden, unread: found.unread, refused, unpassable: found.unpassable };
};
