import type { FetchedValue } from '../merge/merge-env.js';
import type { PlannedKey } from '../plan/types.js';

// Per key, the first of its candidate folders that arrived and holds it (SPEC §2 folder priority).
// A folder that did not arrive is skipped: in lenient mode what did arrive is used, and the failure
// has its own warning.
export const resolveFetchedKeys = (
  plan: readonly PlannedKey[],
  folders: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Map<string, FetchedValue> => {
  const fetched = new Map<string, FetchedValue>();
  for (const entry of plan) {
    for (const folder of entry.folders) {
      const value = folders.get(folder)?.get(entry.key);
      if (value !== undefined) {
        fetched.set(entry.key, { value, folder });
        break;
      }
    }
  }
  return fetched;
};
