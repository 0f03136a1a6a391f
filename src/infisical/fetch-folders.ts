import { setMaxListeners } from 'node:events';
import { BadResponseError, parseLoginBody, parseSecretsBody } from './routes/parse-secrets.js';
import { classifyList, classifyLogin, describeTlsFailure, isRetryableNetworkError, type HttpReply } from './transport/classify.js';
import { createHttpClient, NetworkError, type HttpClient, type HttpRequest } from './transport/http.js';
import { DEFAULT_RETRY_POLICY, decideRetry, parseRetryAfter, type RetryPolicy } from './transport/retry-policy.js';
import { displayHost, parseBaseUrl } from './base-url.js';
import { configFailures } from './config-failures.js';
import { createRedactor } from './redactor.js';
import { TokenSession } from './auth/session.js';
import type { FetchFailure, FetchFailureCode, FetchOutcome, FetchRequest, FetchedFolder } from './types.js';

declare const __SECRETS_RUN_VERSION__: string;
const USER_AGENT = `secrets-run/${typeof __SECRETS_RUN_VERSION__ === 'string' ? __SECRETS_RUN_VERSION__ : 'dev'}`;

// Enough connections to list every folder of a realistic plan in one round trip.
export const MAX_CONCURRENT_REQUESTS = 32;

export interface FetchDeps {
  now?: () => number;
  random?: () => number;
  policy?: RetryPolicy;
  http?: (base: URL) => HttpClient;
}

class StageFailure extends Error {
  atLogin = false; // a login failure fails every folder the same way: reported once, without folders
  constructor(readonly code: FetchFailureCode, readonly reason: string) {
    super(reason);
  }
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

// Lists every needed folder once, all at once (bounded), within one overall deadline. Never throws:
// whatever fell short is a FetchFailure naming the host and folder, never a credential or value.
export const fetchFolders = async (request: FetchRequest, deps: FetchDeps = {}): Promise<FetchOutcome> => {
  const now = deps.now ?? Date.now;
  const started = now();
  const outcome: FetchOutcome = { folders: new Map(), failures: configFailures(request), requests: 0, logins: 0, elapsedMs: 0 };
  if (outcome.failures.length > 0) return outcome;

  const base = parseBaseUrl(request.addr!.value)!;
  const redactor = createRedactor();
  redactor.add(request.clientSecret?.value);
  redactor.add(request.token?.value);
  const host = displayHost(base);
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  const random = deps.random ?? Math.random;
  const http = (deps.http ?? ((b: URL) => createHttpClient(b, USER_AGENT, MAX_CONCURRENT_REQUESTS)))(base);
  const deadlineAt = started + request.timeoutMs;
  const deadline = new AbortController();
  // Every request in flight (and every retry's wait) listens to the deadline: more than Node's
  // default of 10 before it warns of a leak.
  setMaxListeners(2 * MAX_CONCURRENT_REQUESTS + 8, deadline.signal);
  const deadlineTimer = setTimeout(() => deadline.abort(), request.timeoutMs);
  // Each try gets a third of the budget, so a hung request still leaves room to retry.
  const perRequestMs = Math.min(30_000, Math.max(1000, Math.round(request.timeoutMs / 3)));
  const seconds = `${Math.round(request.timeoutMs / 100) / 10} s`;

  // One request with retries on network errors, 5xx and 429 (honouring Retry-After), inside the deadline.
  const send = async (req: Omit<HttpRequest, 'timeoutMs' | 'signal'>, what: string): Promise<HttpReply> => {
    for (let attempt = 1; ; attempt++) {
      if (deadline.signal.aborted) throw new StageFailure('INFISICAL_TIMEOUT', `no answer from ${host} within ${seconds}${what}`);
      const timeoutMs = Math.max(1, Math.min(perRequestMs, deadlineAt - now()));
      let reply: HttpReply | undefined;
      let network: NetworkError | undefined;
      try {
        reply = await http.request({ ...req, timeoutMs, signal: deadline.signal });
      } catch (error) {
        network = error instanceof NetworkError ? error : new NetworkError(undefined, false);
      }
      if (reply !== undefined && reply.status !== 429 && reply.status < 500) return reply;
      if (network !== undefined && !isRetryableNetworkError(network.code) && !network.timedOut)
        throw new StageFailure('INFISICAL_UNREACHABLE', `cannot reach ${host}${unreachableBecause(network.code)}${what}`);
      const retryAfterMs = reply ? parseRetryAfter(first(reply.headers['retry-after']), now()) : undefined;
      const decision = decideRetry({ attempt, retryAfterMs, nowMs: now(), deadlineMs: deadlineAt, policy, random });
      if (!decision.retry) {
        if (deadline.signal.aborted || (network?.timedOut && now() >= deadlineAt - 5))
          throw new StageFailure('INFISICAL_TIMEOUT', `no answer from ${host} within ${seconds}${what}`);
        if (reply !== undefined) return reply; // the caller classifies the last 5xx/429
        throw new StageFailure(
          network!.timedOut ? 'INFISICAL_TIMEOUT' : 'INFISICAL_UNREACHABLE',
          network!.timedOut ? `no answer from ${host} after ${attempt} tries${what}` : `cannot reach ${host}${unreachableBecause(network!.code)}${what}`,
        );
      }
      await sleep(decision.delayMs, deadline.signal);
    }
  };

  const login = async (): Promise<string> => {
    outcome.logins++;
    const reply = await send(
      { method: 'POST', path: '/api/v1/auth/universal-auth/login', json: { clientId: request.clientId!.value, clientSecret: request.clientSecret!.value } },
      ' at login',
    );
    const verdict = classifyLogin(reply, redactor.redact);
    if (verdict.kind === 'retry') throw new StageFailure('INFISICAL_UNREACHABLE', `${host} kept failing at login (HTTP ${reply.status})`);
    if (verdict.kind === 'fail')
      throw new StageFailure(verdict.code, verdict.code === 'INFISICAL_AUTH_REFUSED' ? `${host} refused the credentials (${verdict.reason})` : `${host} at login: ${verdict.reason}`);
    try {
      const { accessToken } = parseLoginBody(reply.body);
      redactor.add(accessToken);
      return accessToken;
    } catch (error) {
      throw new StageFailure('INFISICAL_BAD_RESPONSE', `${host} sent a malformed login response (${(error as Error).message})`);
    }
  };

  const canLogin = request.clientId !== undefined && request.clientSecret !== undefined;
  const session = new TokenSession(canLogin ? login : undefined, request.token?.value);
  let useV3 = false;
  // Log in now, while the caller is still working out which folders it needs.
  let loggingIn = request.token === undefined;
  const early = session.token().then(
    () => void (loggingIn = false),
    () => void (loggingIn = false),
  );
  // Folders that arrive while the login is in flight get their connection opened now, so the
  // handshakes overlap the login's round trip instead of following it. One each: the login's own
  // connection is not free yet when its answer releases the lists.
  let warmed = 0;
  const warmAhead = (): void => {
    if (loggingIn && warmed++ < MAX_CONCURRENT_REQUESTS) http.warm?.();
  };

  const listFolder = async (folder: string): Promise<FetchedFolder> => {
    const secretPath = folder.length > 1 ? folder.replace(/\/+$/, '') : folder;
    const listPath = (v3: boolean): string => {
      const query: Record<string, string> = v3
        ? { workspaceId: request.projectId!.value, environment: request.environment, secretPath, viewSecretValue: 'true', expandSecretReferences: 'true', recursive: 'false', include_imports: 'true' }
        : {
            projectId: request.projectId!.value, environment: request.environment, secretPath, viewSecretValue: 'true', expandSecretReferences: 'true',
            recursive: 'false', includeImports: 'true', include_imports: 'true', includePersonalOverrides: 'false',
          };
      return `${v3 ? '/api/v3/secrets/raw' : '/api/v4/secrets'}?${new URLSearchParams(query).toString()}`;
    };
    // Built while the login is in flight, not after its answer: the request only waits for the token.
    const v4Path = listPath(false);
    warmAhead();
    for (;;) {
      const token = await session.token().catch((error: unknown) => {
        if (error instanceof StageFailure) error.atLogin = true;
        throw error;
      });
      const v3 = useV3;
      const reply = await send({ method: 'GET', path: v3 ? listPath(true) : v4Path, token }, '');
      const verdict = classifyList(reply, redactor.redact);
      switch (verdict.kind) {
        case 'ok':
          try {
            const listed = parseSecretsBody(reply.body);
            for (const value of listed.values.values()) redactor.add(value);
            return listed;
          } catch (error) {
            if (!(error instanceof BadResponseError)) throw error;
            throw new StageFailure('INFISICAL_BAD_RESPONSE', `${host} sent a malformed response (${error.message})`);
          }
        case 'missing-folder':
          return { values: new Map(), hidden: [], missing: true };
        case 'no-route':
          if (v3) throw new StageFailure('INFISICAL_HTTP', `${host} has neither the v4 nor the v3 secrets route`);
          useV3 = true; // an older server: every folder moves to /api/v3/secrets/raw
          continue;
        case 'relogin': {
          const fresh = await session.refresh(token);
          if (fresh === undefined) throw new StageFailure('INFISICAL_AUTH_REFUSED', `${host} refused the access token (HTTP ${reply.status})`);
          continue;
        }
        case 'retry':
          throw new StageFailure('INFISICAL_UNREACHABLE', `${host} kept failing (HTTP ${reply.status})`);
        case 'fail':
          throw new StageFailure(verdict.code, `${host}: ${verdict.reason}`);
      }
    }
  };

  try {
    let listed = 0;
    await runBounded(request.folders, MAX_CONCURRENT_REQUESTS, async (folder) => {
      listed++;
      try {
        outcome.folders.set(folder, await listFolder(folder));
      } catch (error) {
        if (!(error instanceof StageFailure)) throw error;
        if (error.atLogin) {
          if (!outcome.failures.some((f) => f.reason === error.reason)) outcome.failures.push({ code: error.code, reason: error.reason, message: error.reason });
        } else {
          outcome.failures.push({ code: error.code, reason: error.reason, message: `${error.reason} (listing ${folder})`, folder });
        }
      }
    });
    // Nothing to list (no contract needs a key): the login started ahead of need is not waited for,
    // however slow or failing, and its outcome does not matter.
    if (listed === 0) deadline.abort();
    await early;
  } finally {
    clearTimeout(deadlineTimer);
    outcome.requests = http.count;
    outcome.elapsedMs = now() - started;
    http.close();
  }
  return outcome;
};

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

const unreachableBecause = (code: string | undefined): string => {
  const tls = describeTlsFailure(code);
  return tls === undefined ? ` (${code ?? 'network error'})` : `: ${tls}`;
};

// At most `limit` items in flight; items may still be arriving while the first ones are worked on.
const runBounded = async <T>(items: AsyncIterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  const iterator = items[Symbol.asyncIterator]();
  const worker = async (): Promise<void> => {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) await work(next.value);
  };
  await Promise.all(Array.from({ length: limit }, worker));
};
