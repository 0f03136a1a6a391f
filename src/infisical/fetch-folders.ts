import { runBounded } from '../util/run-bounded.js';
import { parseBaseUrl } from './base-url.js';
import { InfisicalClient, MAX_CONCURRENT_REQUESTS, type ClientDeps } from './client.js';
import { configFailures } from './config-failures.js';
import { isInfisicalError, type InfisicalError } from './errors.js';
import type { FetchOutcome, FetchRequest } from './types.js';

// A login failure fails every folder the same way: it is reported once, without folders.
const record = (failures: InfisicalError[], error: InfisicalError): void => {
  if (error.folder !== undefined || !failures.some((f) => f.reason === error.reason)) failures.push(error);
};

// Lists every needed folder once, all at once (bounded), within one overall deadline. Never throws
// an InfisicalError: whatever fell short is a failure in the outcome, naming the host and folder.
export const fetchFolders = async (request: FetchRequest, deps: ClientDeps = {}): Promise<FetchOutcome> => {
  const now = deps.now ?? Date.now;
  const started = now();
  const outcome: FetchOutcome = { folders: new Map(), failures: configFailures(request.config), requests: 0, logins: 0, elapsedMs: 0 };
  if (outcome.failures.length > 0) return outcome;
  const { addr, clientId, clientSecret, token, projectId } = request.config;
  const client = new InfisicalClient(parseBaseUrl(addr!.value)!, { clientId: clientId?.value, clientSecret: clientSecret?.value, token: token?.value }, deps);
  const deadline = client.begin(request.timeoutMs);
  // Log in now, while the caller is still working out which folders it needs.
  const loggedIn = client.authenticate();
  const scope = { projectId: projectId!.value, environment: request.environment };
  try {
    let listed = 0;
    await runBounded(request.folders, MAX_CONCURRENT_REQUESTS, async (folder) => {
      listed++;
      try {
        outcome.folders.set(folder, await client.listSecrets(folder, scope));
      } catch (error) {
        if (!isInfisicalError(error)) throw error;
        record(outcome.failures, error);
      }
    });
    // Nothing to list (no contract needs a key): the login started ahead of need is not waited for,
    // however slow or failing, and its outcome does not matter.
    if (listed === 0) deadline.abort();
    await loggedIn;
  } finally {
    outcome.requests = client.requests;
    outcome.logins = client.logins;
    outcome.elapsedMs = now() - started;
    client.close();
  }
  return outcome;
};
