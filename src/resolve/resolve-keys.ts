import type { FetchedValue } from './types.js';
import type { PlannedKey } from '../plan/types.js';
import type { FetchedFolder } from '../infisical/types.js';
import { isCarriable } from '../util/env-value.js';

export interface KeyResolution {
  fetched: Map<string, FetchedValue>;
  hidden: Map<string, string>; // key → folder where it exists but cannot be read
  unpassable: { key: string; from: string }[]; // a value no environment can carry, passed over
}

// Per key, the first of its candidate folders that arrived and holds it (README.md, Folders and priority).
// A folder that did not arrive is skipped: in lenient mode what did arrive is used, and the failure
// has its own warning. A value the identity may not read stops the search: a lower folder's value
// would silently stand in for the one the service is meant to get. A value holding a NUL character,
// which no environment can carry, does not: it is passed over, named, like a folder without the key.
export const resolveFetchedKeys = (plan: readonly PlannedKey[], folders: ReadonlyMap<string, FetchedFolder>): KeyResolution => {
  const fetched = new Map<string, FetchedValue>();
  const hidden = new Map<string, string>();
  const unpassable: KeyResolution['unpassable'] = [];
  for (const entry of plan) {
    for (const folder of entry.folders) {
      const arrived = folders.get(folder);
      if (arrived === undefined) continue;
      const value = arrived.values.get(entry.key);
      if (value !== undefined && !isCarriable(value)) {
        unpassable.push({ key: entry.key, from: folder });
        continue;
      }
      if (value !== undefined) {
        fetched.set(entry.key, { value, folder });
        break;
      }
      if (arrived.hidden.includes(entry.key)) {
        hidden.set(entry.key, folder);
        break;
      }
    }
  }
  return { fetched, hidden, unpassable };
};
