import { cacheSecret, type CacheSecretInput } from '../cache/cache-secret.js';
import { chooseAuthMethod } from '../infisical/auth/choose-method.js';
import { readable } from '../infisical/config-failures.js';
import { forgetIdentity, openOfflineCache, type CachedFolder, type CachedFolders, type OfflineScope } from '../cache/offline-cache.js';
import { parseBaseUrl } from '../infisical/base-url.js';
import type { CacheNote, FetchedFolder, FetchOutcome } from '../infisical/types.js';
import { keysByFolder } from '../plan/build-plan.js';
import type { PlannedKey } from '../plan/types.js';
import type { Settings } from '../settings/settings.js';
import { verdictsByFolder, type OfflineVerdict } from './offline-rule.js';
import type { Env, Sources } from './types.js';

export interface OfflineInput {
  settings: Settings;
  sources: Sources;
  plan: readonly PlannedKey[];
  fetch: FetchOutcome;
  env: Env;
  now?: () => number;
}

// What the offline cache did for a run: the folders it served in place of failed ones (each with its
// age), why Infisical could not give them, the folders it could have served that --require without
// --allow-stale refused, and whether the identity's caches were deleted.
export interface OfflineOutcome {
  served: Map<string, FetchedFolder>;
  unserved: string[]; // folders a failure kept from arriving that the cache did not stand in for
  because: string[];
  withheld: string[];
  forgot: boolean;
  notes: CacheNote[];
}

const nothing = (notes: CacheNote[], forgot = false): OfflineOutcome => ({ served: new Map(), unserved: [], because: [], withheld: [], forgot, notes });

// A cached folder serves a folder the plan asks of it now only if, when it was fetched, the plan asked
// of it every key it asks now: a key planned since was never looked for there, and its absence would
// send the search to a lower folder that the online run would not have used.
const covers = (entry: CachedFolder, keys: ReadonlySet<string>): boolean => [...keys].every((k) => entry.planned.includes(k));

const asFetched = (entry: CachedFolder, ageSeconds: number): FetchedFolder => ({
  values: new Map(Object.entries(entry.values)),
  hidden: entry.hidden,
  cacheAgeSeconds: ageSeconds,
});

// What the file holds after this run: each folder that arrived, as it arrived (planned keys only, now),
// and the entries of folders that did not arrive, while young enough and not dropped (a 403).
const nextContents = (
  cached: CachedFolders,
  fetch: FetchOutcome,
  wanted: ReadonlyMap<string, ReadonlySet<string>>,
  verdicts: ReadonlyMap<string, OfflineVerdict>,
  young: (entry: CachedFolder) => boolean,
  now: number,
): CachedFolders => {
  const next: CachedFolders = new Map();
  for (const [folder, entry] of cached) if (young(entry) && !fetch.folders.has(folder) && verdicts.get(folder)?.kind !== 'drop') next.set(folder, entry);
  for (const [folder, arrived] of fetch.folders) {
    const keys = wanted.get(folder);
    if (keys === undefined) continue;
    const values = Object.create(null) as Record<string, string>;
    for (const [key, value] of arrived.values) if (keys.has(key)) values[key] = value;
    next.set(folder, { fetchedAt: now, planned: [...keys], values, hidden: arrived.hidden.filter((k) => keys.has(k)) });
  }
  return next;
};

// The credentials of the login the fetch used (infisical/auth/choose-method.ts), as the cache keys by
// them: a Kubernetes login keeps its identity id even when client credentials are set too.
const credentialsOf = (sources: Sources): CacheSecretInput => {
  const decision = chooseAuthMethod(sources.bootstrap, readable);
  if (!('choice' in decision)) return {};
  const choice = decision.choice;
  switch (choice.method) {
    case 'token':
      return { token: choice.token, clientId: choice.fallback?.clientId, clientSecret: choice.fallback?.clientSecret };
    case 'universal-auth':
      return { clientId: choice.clientId, clientSecret: choice.clientSecret };
    default:
      return { identityId: choice.identityId };
  }
};

// The last-known-good step (docs/decisions.md, offline cache), after the fetch and before the keys are
// resolved: serves the cached folders of folders that failed transiently and are young enough,
// rewrites the file with what arrived, and deletes the identity's caches when its credentials were
// refused. Undefined when the cache is off or Infisical was not asked.
export const offlineStep = (input: OfflineInput): OfflineOutcome | undefined => {
  const { settings, sources, plan, fetch, env } = input;
  const maxAgeMs = settings.offlineCache;
  const { addr, projectId } = sources.bootstrap;
  const base = addr === undefined ? undefined : parseBaseUrl(addr.value);
  if (maxAgeMs === undefined || plan.length === 0 || base === undefined || projectId === undefined) return undefined;
  const notes: CacheNote[] = [];
  const cacheNotes = {
    warn: (message: string) => notes.push({ level: 'warn', message }),
    detail: (message: string) => notes.push({ level: 'detail', message }),
  };
  const secret = cacheSecret(credentialsOf(sources), env);
  if (secret === undefined) {
    cacheNotes.detail('no offline cache: no client secret or token to key it with (with another login, set SECRETS_RUN_CACHE_KEY, 32 bytes or more)');
    return nothing(notes);
  }
  const scope: OfflineScope = { addr: base.href, projectId: projectId.value, environment: sources.environment, service: settings.service };
  const wanted = keysByFolder(plan);
  const verdicts = verdictsByFolder([...wanted.keys()], new Set(fetch.folders.keys()), fetch.failures);
  if ([...verdicts.values()].some((v) => v.kind === 'forget')) {
    // The token cache is named by the identity the login used (a client id, or an identity id).
    forgetIdentity(scope, secret, secret.identity === 'token' ? undefined : secret.identity, env, cacheNotes);
    cacheNotes.detail('offline cache and token cache deleted: the server refused the credentials');
    return nothing(notes, true);
  }
  const store = openOfflineCache(scope, secret, env, cacheNotes, input.now);
  if (store === undefined) return nothing(notes);
  const now = (input.now ?? Date.now)();
  // Age from the authenticated fetchedAt; a time ahead of the clock is not trusted to be young.
  const young = (entry: CachedFolder): boolean => entry.fetchedAt <= now && now - entry.fetchedAt < maxAgeMs;
  const cached = store.read() ?? new Map<string, CachedFolder>();
  const outcome = nothing(notes);
  const because = new Set<string>();
  for (const [folder, verdict] of verdicts) {
    const entry = cached.get(folder);
    if (verdict.kind !== 'serve' || entry === undefined || !young(entry) || !covers(entry, wanted.get(folder)!)) continue;
    if (settings.require && !settings.allowStale) {
      outcome.withheld.push(folder);
      continue;
    }
    outcome.served.set(folder, asFetched(entry, Math.floor((now - entry.fetchedAt) / 1000)));
    because.add(verdict.because);
  }
  outcome.because = [...because];
  outcome.unserved = [...verdicts.keys()].filter((folder) => !outcome.served.has(folder));
  // Written when something arrived or was dropped; an entry too old for this run's max age is left
  // alone until then (a run allowing more may still use it).
  if (fetch.folders.size > 0 || [...verdicts.values()].some((v) => v.kind === 'drop')) store.write(nextContents(cached, fetch, wanted, verdicts, young, now));
  return outcome;
};
