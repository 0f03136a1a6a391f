import type { FetchedValue } from './types.js';
import type { PlannedKey } from '../plan/types.js';
import type { FetchedFolder } from '../infisical/types.js';
import { uncarriable, type Uncarriable } from '../util/env-value.js';

export interface KeyResolution {
  fetched: Map<string, FetchedValue>;
  hidden: Map<string, string>; // key → folder where it exists but cannot be read
  unread: Map<string, string>; // key → the folder (or root) that could hold it and could not be read
  unpassable: ({ key: string; from: string } & Uncarriable)[]; // a value no environment can carry, passed over
}

// Per key, the first of its candidate folders that arrived and holds it (docs/contracts.md, Folders and priority).
// A folder that could not be read (`failed`) stops the search, as a value the identity may not read
// does: it may hold the key, and a lower folder's value (another service's database, say) would
// silently stand in for the one the service is meant to get. A folder that was not asked for at all
// is passed over. A failed listing of a root folder (/services/S/, recursive) fails every folder below
// it. A value no environment can carry (a NUL character, or over the kernel's 128 KiB for one
// variable) does not stop the search: it is passed over, named, like a folder without the key.
export const resolveFetchedKeys = (
  plan: readonly PlannedKey[],
  folders: ReadonlyMap<string, FetchedFolder>,
  failed: ReadonlySet<string> = new Set(),
): KeyResolution => {
  const fetched = new Map<string, FetchedValue>();
  const hidden = new Map<string, string>();
  const unread = new Map<string, string>();
  const unpassable: KeyResolution['unpassable'] = [];
  const failedRoots = [...failed];
  // The folder, or the root whose listing covered it, that could not be read.
  const unreadAt = (folder: string): string | undefined => (failed.has(folder) ? folder : failedRoots.find((root) => folder.startsWith(root)));
  for (const entry of plan) {
    for (const folder of entry.folders) {
      const arrived = folders.get(folder);
      const failedAt = arrived === undefined ? unreadAt(folder) : undefined;
      if (failedAt !== undefined) {
        unread.set(entry.key, failedAt);
        break;
      }
      if (arrived === undefined) continue;
      const value = arrived.values.get(entry.key);
      const why = value === undefined ? undefined : uncarriable(entry.key, value);
      if (why !== undefined) {
        unpassable.push({ key: entry.key, from: folder, ...why });
        continue;
      }
      if (value !== undefined) {
        fetched.set(entry.key, arrived.cacheAgeSeconds === undefined ? { value, folder } : { value, folder, cacheAgeSeconds: arrived.cacheAgeSeconds });
        break;
      }
      if (arrived.hidden.includes(entry.key)) {
        hidden.set(entry.key, folder);
        break;
      }
    }
  }
  return { fetched, hidden, unread, unpassable };
};
