import type { ListingMemo } from '../infisical/listing-memo.js';
import type { FolderQueue } from '../infisical/folder-queue.js';
import { rootsFor } from '../plan/build-plan.js';
import type { FetchOutcome } from '../infisical/types.js';
import type { Settings } from '../settings/settings.js';
import { trace } from '../util/trace.js';
import type { Env, Sources } from './types.js';

// Starts listing folders as they are pushed, and logs in at once. Loads the client only here. The fetch
// comes back in a box: an async function returning the promise itself would wait for it.
export const startFetch = async (
  sources: Sources,
  settings: Settings,
  folders: FolderQueue,
  inherited: Env,
  memo?: ListingMemo,
): Promise<{ fetching: Promise<FetchOutcome> }> => {
  const { fetchFolders } = await import('../chunks/fetch-stage.js');
  trace('fetch stage loaded');
  const fetching = fetchFolders({
    config: sources.bootstrap,
    environment: sources.environment,
    folders,
    recursive: !settings.listEachFolder,
    timeoutMs: settings.timeoutMs,
    inherited,
    tokenCache: settings.tokenCache,
    memo,
  });
  // Listed one per root, the folders of every planned key are under the same roots, known before
  // any contract is read: they are asked for now, so the answers arrive while the contracts are
  // scanned, instead of one round trip after the first contract that needs a key. A run that turns
  // out to need no key abandons them, as it does the login (infisical/fetch-folders.ts).
  if (!settings.listEachFolder) for (const root of rootsFor(settings.service)) folders.push(root);
  // One turn of the event loop lets the login's connection open and its request go out, so the
  // server answers it while the contract scan runs.
  await new Promise((resolve) => setImmediate(resolve));
  trace('login sent');
  return { fetching };
};
