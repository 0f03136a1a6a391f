import { runBounded } from '../util/run-bounded.js';
import { MAX_CONCURRENT_REQUESTS, type ClientDeps, type InfisicalClient, type ListScope } from './client.js';
import { isInfisicalError, type InfisicalError } from './errors.js';
import type { FolderFeed } from './folder-queue.js';
import type { OpenListing } from './routes/open-listing.js';
import type { Wanted } from './routes/parse-tree.js';
import { openClient } from './open-client.js';
import type { FetchedFolder, FetchOutcome, FetchRequest } from './types.js';

// The first login's failure fails every folder the same way: it is reported once, without folders.
const record = (failures: InfisicalError[], error: InfisicalError): void => {
  if (error.folder !== undefined || !failures.some((f) => f.reason === error.reason)) failures.push(error);
};

// The unit one recursive listing covers: /services/S/ for a service's folders, /shared/ for the
// shared ones. Every folder below it arrives in that one reply.
export const rootOf = (folder: string): string => {
  const parts = folder.split('/').filter((part) => part !== '');
  const depth = parts[0] === 'services' ? 2 : 1;
  return parts.length > depth ? `/${parts.slice(0, depth).join('/')}/` : folder;
};

// The wanted folders a root's listing covers.
const below = (wanted: Wanted, root: string): Wanted => new Map([...wanted].filter(([folder]) => folder.startsWith(root)));

const missingFolder = (): FetchedFolder => ({ values: new Map(), hidden: [], missing: true });

// A root's listing failed for what one folder below it holds, not for the server or the run: a secret
// whose reference this identity may not read (Infisical then refuses the whole listing, 403), or more
// than a run reads. Its folders, listed one by one, fail alone (and a folder that fails still stops
// the search for its keys).
const eachFolderMayDo = (error: InfisicalError): boolean =>
  (error.code === 'INFISICAL_FORBIDDEN' && !(error.happened.kind === 'server-said' && /not a member/i.test(error.happened.said))) ||
  error.happened.kind === 'reply-too-large';

// Each root once, as its first folder arrives; `seen` counts the folders.
async function* rootsOf(feed: FolderFeed, seen: () => void): AsyncIterable<string> {
  const roots = new Set<string>();
  for await (const folder of feed) {
    seen();
    const root = rootOf(folder);
    if (roots.has(root)) continue;
    roots.add(root);
    yield root;
  }
}

export interface ListOptions {
  // One listing per root folder, recursive (the request budget, README "Talking to Infisical"); off:
  // one per folder, as --list-each-folder asks.
  recursive: boolean;
}

// Lists every folder the feed names, all at once (bounded), with a client that is open and has begun
// its deadline; a caller that keeps the client (a watch) calls it again. Only the keys the feed wants
// are taken from the replies. Never throws an InfisicalError: whatever fell short is a failure in the
// outcome, naming the host and the folder (or root) whose listing failed.
export const listFolders = async (
  client: InfisicalClient,
  scope: ListScope,
  feed: FolderFeed,
  outcome: FetchOutcome,
  options: ListOptions,
): Promise<number> => {
  const attempt = async <T>(work: () => Promise<T> | T): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (!isInfisicalError(error)) throw error;
      record(outcome.failures, error);
      return undefined;
    }
  };
  // A listing as it arrives: asked for, and its body parsed at once, inside the deadline.
  const arrive = async (folder: string, recursive: boolean): Promise<OpenListing | 'missing'> => {
    const listing = await client.listSecrets(folder, scope, { recursive });
    return listing.missing ? 'missing' : client.openListing(folder, listing.body, listing.release);
  };
  const listOne = async (folder: string): Promise<void> => {
    const opened = await attempt(() => arrive(folder, false));
    if (opened === undefined) return;
    if (opened === 'missing') return void outcome.folders.set(folder, missingFolder());
    const keys = (await feed.wanted).get(folder) ?? new Set<string>();
    const read = await attempt(() => client.takeFromListing(folder, opened, { kind: 'folder', keys }));
    if (read !== undefined) outcome.folders.set(folder, read);
  };
  const listRoot = async (root: string): Promise<void> => {
    const opened = await arrive(root, true).catch(async (error: unknown) => {
      if (!isInfisicalError(error)) throw error;
      // A root asked for before the plan was known, which no planned key needs: its failure is nobody's.
      if (below(await feed.wanted, root).size === 0) return undefined;
      if (!eachFolderMayDo(error)) record(outcome.failures, error);
      return eachFolderMayDo(error) ? ('each' as const) : undefined;
    });
    if (opened === undefined) return;
    const wanted = below(await feed.wanted, root);
    if (opened === 'missing') return void [...wanted.keys()].forEach((folder) => outcome.folders.set(folder, missingFolder()));
    if (opened !== 'each') {
      const tree = await attempt(() => client.takeFromListing(root, opened, { kind: 'tree', wanted }));
      if (tree === undefined) return;
      if (!tree.ambiguous) return void tree.folders.forEach((folder, path) => outcome.folders.set(path, folder));
    }
    outcome.listedEach.push(root);
    await Promise.all([...wanted.keys()].map(listOne));
  };
  let listed = 0;
  const seen = (): void => void listed++;
  if (options.recursive) await runBounded(rootsOf(feed, seen), MAX_CONCURRENT_REQUESTS, listRoot);
  else await runBounded(feed, MAX_CONCURRENT_REQUESTS, (folder) => (seen(), listOne(folder)));
  return listed;
};

// One launch's fetch: a client for the run, a login at once (while the caller is still working out
// which folders it needs), every folder, one deadline, and the client closed.
export const fetchFolders = async (request: FetchRequest, deps: ClientDeps = {}): Promise<FetchOutcome> => {
  const now = deps.now ?? Date.now;
  const started = now();
  const outcome: FetchOutcome = { folders: new Map(), failures: [], listedEach: [], requests: 0, logins: 0, elapsedMs: 0 };
  const opened = openClient(request, request.memo === undefined ? deps : { ...deps, memo: request.memo });
  if ('failures' in opened) return { ...outcome, failures: opened.failures };
  const { client, choice, projectId } = opened;
  Object.assign(outcome, { authMethod: choice.method, cacheNotes: opened.cacheNotes });
  const deadline = client.begin(request.timeoutMs);
  const loggedIn = client.authenticate();
  // Nothing wanted after all (no contract needs a key, or the scan failed): whatever was asked ahead
  // of the plan, the login and the roots, is abandoned now, however slow, refused or unreachable.
  void request.folders.wanted.then((wanted) => wanted.size === 0 && deadline.abort());
  try {
    const scope = { projectId, environment: request.environment };
    const listed = await listFolders(client, scope, request.folders, outcome, { recursive: request.recursive ?? true });
    // Nothing to list (no contract needs a key): the login started ahead of need is not waited for,
    // however slow or failing, and its outcome does not matter.
    if (listed === 0) deadline.abort();
    await loggedIn;
  } finally {
    Object.assign(outcome, { requests: client.requests, logins: client.logins, elapsedMs: now() - started });
    client.close();
  }
  return outcome;
};
