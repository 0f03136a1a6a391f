import { runBounded } from '../util/run-bounded.js';
import { parseBaseUrl } from './base-url.js';
import { InfisicalClient, MAX_CONCURRENT_REQUESTS, type ClientDeps, type ListScope } from './client.js';
import { configFailures, misconfigured } from './config-failures.js';
import { isInfisicalError, type InfisicalError } from './errors.js';
import { proxyFor, proxyFromEnv } from './transport/proxy.js';
import type { FetchOutcome, FetchRequest } from './types.js';

// The first login's failure fails every folder the same way: it is reported once, without folders.
const record = (failures: InfisicalError[], error: InfisicalError): void => {
  if (error.folder !== undefined || !failures.some((f) => f.reason === error.reason)) failures.push(error);
};

// Lists every folder once as it arrives, all at once (bounded), with a client that is open and has
// begun its deadline; a caller that keeps the client (a watch) calls it again. Never throws an
// InfisicalError: whatever fell short is a failure in the outcome, naming the host and folder.
export const listFolders = async (client: InfisicalClient, scope: ListScope, folders: AsyncIterable<string>, outcome: FetchOutcome): Promise<number> => {
  let listed = 0;
  await runBounded(folders, MAX_CONCURRENT_REQUESTS, async (folder) => {
    listed++;
    try {
      outcome.folders.set(folder, await client.listSecrets(folder, scope));
    } catch (error) {
      if (!isInfisicalError(error)) throw error;
      record(outcome.failures, error);
    }
  });
  return listed;
};

// One launch's fetch: a client for the run, a login at once (while the caller is still working out
// which folders it needs), every folder, one deadline, and the client closed.
export const fetchFolders = async (request: FetchRequest, deps: ClientDeps = {}): Promise<FetchOutcome> => {
  const now = deps.now ?? Date.now;
  const started = now();
  const outcome: FetchOutcome = { folders: new Map(), failures: configFailures(request.config), requests: 0, logins: 0, elapsedMs: 0 };
  if (outcome.failures.length > 0) return outcome;
  const { addr, clientId, clientSecret, token, projectId } = request.config;
  const base = parseBaseUrl(addr!.value)!;
  const proxy = proxyFor(base, proxyFromEnv(request.inherited ?? {}));
  if (proxy !== undefined && 'problem' in proxy) {
    outcome.failures.push(misconfigured(proxy.problem));
    return outcome;
  }
  const client = new InfisicalClient(
    base,
    { clientId: clientId?.value, clientSecret: clientSecret?.value, token: token?.value },
    { ...deps, proxy: proxy?.url },
  );
  const deadline = client.begin(request.timeoutMs);
  const loggedIn = client.authenticate();
  try {
    const listed = await listFolders(client, { projectId: projectId!.value, environment: request.environment }, request.folders, outcome);
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
