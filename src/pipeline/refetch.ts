import { FolderQueue } from '../infisical/folder-queue.js';
import { ListingMemo } from '../infisical/listing-memo.js';
import { keysByFolder } from '../plan/build-plan.js';
import { resolveKeys } from '../resolve/resolve.js';
import { ownValue } from '../util/env-value.js';
import { mergeStep } from './merge-step.js';
import { startFetch } from './start-fetch.js';
import type { Env, Prepared } from './types.js';

// What --watch asks at each poll: the same plan's folders again, merged over the same inherited
// environment and env files as the first launch (only Infisical is asked again). `complete` is false
// when any folder or the login fell short: a partial answer never decides a restart.
export interface Refetched {
  complete: boolean;
  env: Record<string, string> | undefined; // the command's environment, when complete
  failure: string | undefined; // what fell short, in the words a run warns with
  requests: number;
}

// `memo` keeps each listing with its ETag from one poll to the next (infisical/listing-memo.ts).
export const refetch = async (
  first: Pick<Prepared, 'settings' | 'sources' | 'plan'>,
  env: Env,
  room: number | undefined,
  memo?: ListingMemo,
): Promise<Refetched> => {
  const { settings, sources, plan } = first;
  const wanted = keysByFolder(plan);
  const folders = new FolderQueue();
  for (const folder of wanted.keys()) folders.push(folder);
  folders.close(wanted);
  const fetch = await (await startFetch(sources, settings, folders, env, memo)).fetching;
  if (fetch.failures.length > 0) return { complete: false, env: undefined, failure: fetch.failures.map((f) => f.reason).join('; '), requests: fetch.requests };
  const resolved = resolveKeys({
    plan,
    folders: fetch.folders,
    failed: new Set(),
    allowKeys: settings.allowKeys,
    wouldWin: (key) => settings.override || ownValue(env, key) === undefined,
  });
  const { merge } = mergeStep(env, sources, plan, resolved, settings, room);
  return { complete: true, env: merge.env, failure: undefined, requests: fetch.requests };
};

// The polls of one --watch run: each asks again with If-None-Match what the one before it got.
export const poller = (first: Pick<Prepared, 'settings' | 'sources' | 'plan'>, env: Env, room: number | undefined): (() => Promise<Refetched>) => {
  const memo = new ListingMemo();
  return () => refetch(first, env, room, memo);
};
