import { createAuth } from './auth/create-auth.js';
import type { AuthChoice } from './auth/choose-method.js';
import type { AuthMethod } from './auth/auth-method.js';
import type { TokenStore } from '../cache/token-cache.js';
import { displayHost } from './base-url.js';
import { isInfisicalError } from './errors.js';
import { createRedactor, type Redactor } from './redactor.js';
import type { ListingMemo } from './listing-memo.js';
import { listSecretsPath, readListReply, type ApiGeneration, type ListQuery, type Listing } from './routes/list-secrets.js';
import { asBadResponse, parseReply, replyFailure, type Fail, type ReplyContext } from './routes/context.js';
import { readCallReply, type CallReply } from './routes/call-reply.js';
import type { Phase } from './errors.js';
import type { Request } from './transport/send.js';
import { openHere, openOffThread, ReadFailedHere, ReadTooSlow, type OpenListing } from './routes/open-listing.js';
import { valuesRead, type ParseJob, type ParseResult } from './routes/parse-job.js';
import { Deadline } from './transport/deadline.js';
import { createHttpClient, type HttpClient } from './transport/http.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './transport/retry-policy.js';
import { createSender, type Send } from './transport/send.js';

declare const __SECRETS_RUN_VERSION__: string;
const USER_AGENT = `secrets-run/${typeof __SECRETS_RUN_VERSION__ === 'string' ? __SECRETS_RUN_VERSION__ : 'dev'}`;

// Enough connections to list every folder of a realistic plan in one round trip.
export const MAX_CONCURRENT_REQUESTS = 32;

export interface ClientDeps {
  now?: () => number;
  random?: () => number;
  policy?: RetryPolicy;
  http?: (base: URL, proxy: URL | undefined) => HttpClient;
  proxy?: URL; // every request goes through it (HTTPS_PROXY, HTTP_PROXY)
  proxyTo?: (url: URL) => URL | undefined; // the proxy for another host (the CI runner's ID-token service)
  // The Universal Auth token cache, opened only when a login would otherwise be needed.
  tokenCache?: () => TokenStore | undefined;
  // The last poll's listings, asked again with If-None-Match (--watch).
  memo?: ListingMemo;
}

export type ListScope = Omit<ListQuery, 'folder' | 'recursive'>;

// One Infisical server as this run sees it: the connections, the login, what must never be shown,
// which API generation the server has, and the deadline of the work in progress. It stays open
// across pieces of work (begin() starts the next deadline) until close().
export class InfisicalClient {
  readonly host: string;
  readonly redactor: Redactor = createRedactor();
  readonly #http: HttpClient;
  readonly #others = new Map<string, HttpClient>(); // other hosts a login talks to, by origin
  readonly #send: Send;
  readonly #auth: AuthMethod;
  readonly #now: () => number;
  readonly #memo: ListingMemo | undefined;
  readonly #reading: ReplyContext;
  #deadline: Deadline | undefined;
  #generation: ApiGeneration = 'v4';
  #logins = 0;
  #loggingIn = false;
  #authenticated = false;
  #warmed = 0;

  constructor(base: URL, choice: AuthChoice, deps: ClientDeps = {}) {
    this.host = displayHost(base);
    this.#now = deps.now ?? Date.now;
    this.#memo = deps.memo;
    for (const secret of credentialsOf(choice)) this.redactor.add(secret);
    // A proxy's user and password are sent to it, and shown nowhere.
    const proxyPassword = deps.proxy?.password ?? '';
    if (proxyPassword !== '') for (const form of [proxyPassword, decodeURIComponent(proxyPassword)]) this.redactor.add(form);
    const proxy = deps.proxy === undefined ? undefined : displayHost(deps.proxy);
    const http = deps.http ?? ((b: URL, p: URL | undefined) => createHttpClient(b, USER_AGENT, MAX_CONCURRENT_REQUESTS, p));
    this.#http = http(base, deps.proxy);
    const deadline = (): Deadline => {
      if (this.#deadline === undefined) throw new Error('InfisicalClient: begin() sets the deadline before any request');
      return this.#deadline;
    };
    const senderTo = (client: HttpClient, host: string, via: string | undefined): Send =>
      createSender({
        http: client,
        host,
        proxy: via,
        deadline,
        policy: deps.policy ?? DEFAULT_RETRY_POLICY,
        random: deps.random ?? Math.random,
        now: this.#now,
      });
    this.#send = senderTo(this.#http, this.host, proxy);
    this.#reading = { host: this.host, redact: this.redactor.redact, proxy };
    const sendTo = (url: URL): { send: Send; context: ReplyContext } => {
      const origin = new URL(url.origin);
      const via = deps.proxyTo?.(origin);
      let client = this.#others.get(origin.href);
      if (client === undefined) this.#others.set(origin.href, (client = http(origin, via)));
      const host = displayHost(origin);
      const shown = via === undefined ? undefined : displayHost(via);
      return { send: senderTo(client, host, shown), context: { host, redact: this.redactor.redact, proxy: shown } };
    };
    this.#auth = createAuth(
      choice,
      {
        ...this.#reading,
        send: this.#send,
        learned: (token) => this.redactor.add(token),
        counted: () => void this.#logins++,
        sendTo,
        deadline: () => (this.#deadline === undefined ? undefined : { signal: this.#deadline.signal, leftMs: this.#deadline.at - this.#now() }),
      },
      deps.tokenCache,
    );
  }

  get requests(): number {
    let count = this.#http.count;
    for (const other of this.#others.values()) count += other.count;
    return count;
  }

  get logins(): number {
    return this.#logins;
  }

  // The deadline every request from now on keeps to. Work still running under the previous one ends.
  begin(timeoutMs: number): Deadline {
    this.#deadline?.abort();
    this.#deadline?.clear();
    this.#deadline = new Deadline(timeoutMs, this.#now, 2 * MAX_CONCURRENT_REQUESTS + 8);
    return this.#deadline;
  }

  // Logs in now, ahead of the first request that needs the token. Settles when the login has, and
  // never rejects: the requests waiting for the token report its failure.
  authenticate(): Promise<void> {
    // Only the first login is one to open connections ahead of: later calls find the token at hand.
    this.#loggingIn = this.#auth.logsIn && !this.#authenticated;
    this.#authenticated = true;
    const done = (): void => void (this.#loggingIn = false);
    return this.#auth.token().then(done, done);
  }

  // One folder's listing (with `recursive`, its whole subtree's), as it arrived: openListing() parses
  // it. A failure of the shared login is thrown as it is (it is every folder's); any other failure,
  // a failed re-login included, names the folder.
  async listSecrets(folder: string, scope: ListScope, { recursive = false } = {}): Promise<Listing> {
    const query: ListQuery = { ...scope, folder, recursive };
    // Built while the login is in flight, not after its answer: the request only waits for the token.
    const v4Path = listSecretsPath('v4', query);
    this.#warmAhead();
    for (;;) {
      // Asked on every pass: a re-login another folder started meanwhile is waited for and shared.
      const token = await this.#auth.token();
      try {
        const generation = this.#generation;
        const path = generation === 'v4' ? v4Path : listSecretsPath('v3', query);
        const ifNoneMatch = this.#memo?.tagFor(path);
        const reply = await this.#send({ method: 'GET', path, token, ifNoneMatch }, { phase: 'list', idempotent: true });
        const unchanged = this.#memo?.unchanged(path, reply);
        if (unchanged !== undefined) return { missing: false, body: unchanged };
        const result = readListReply(reply, this.#reading);
        this.#memo?.remember(path, reply);
        if (result.kind === 'listed') return result.listing;
        if (result.kind === 'no-route') {
          if (generation === 'v3') throw replyFailure(this.#reading, 'list', 404)('INFISICAL_HTTP', { kind: 'no-secrets-route' });
          this.#generation = 'v3'; // an older server: every folder moves to /api/v3/secrets/raw
          continue;
        }
        const fresh = await this.#auth.refresh(token);
        if (fresh === undefined) throw replyFailure(this.#reading, 'list', result.status)('INFISICAL_AUTH_REFUSED', { kind: 'token-refused' });
      } catch (error) {
        throw isInfisicalError(error) ? error.inFolder(folder) : error;
      }
    }
  }

  // The generation of the secrets routes this server has, as the listings found it (v4 until a v4
  // route is answered as unknown).
  get generation(): ApiGeneration {
    return this.#generation;
  }

  useOlderApi(): void {
    this.#generation = 'v3';
  }

  // A request of the admin commands (seed, provision): with the login's token (or none, for the
  // admin bootstrap), a refused token renewed once as a list's is, retried as the sender retries. Its
  // reply is the route's to read (routes/call-reply.ts); only a refusal that survives a new login throws.
  async call(
    request: Omit<Request, 'token'>,
    options: { phase: Exclude<Phase, 'config' | 'login' | 'list'>; idempotent: boolean; auth?: boolean },
  ): Promise<CallReply> {
    const { phase, idempotent, auth = true } = options;
    for (;;) {
      const token = auth ? await this.#auth.token() : undefined;
      const reply = readCallReply(await this.#send({ ...request, token }, { phase, idempotent }), this.#reading, phase, idempotent);
      // The Oct-2024 server answers a body it rejects 401 ValidationFailure: no token to renew.
      const refused = (reply.status === 401 && reply.error !== 'ValidationFailure') || (reply.status === 403 && reply.error === 'TokenError');
      if (!auth || !refused) return reply;
      const fresh = await this.#auth.refresh(token!);
      if (fresh === undefined) throw reply.failure();
    }
  }

  get context(): ReplyContext {
    return this.#reading;
  }

  // A listing's body parsed now, within the deadline (a large one on a worker thread the deadline
  // stops), to be read once the plan says what to take. A body that is not what Infisical sends, or
  // one not parsed in time, names the folder. `release` lets the run's body budget go of the body once
  // nothing more will be taken from it.
  async openListing(folder: string, body: string | Uint8Array, release: () => void = () => undefined): Promise<OpenListing> {
    const fail = this.#listFailure(folder);
    try {
      const opened = typeof body === 'string' ? parseReply(openHere, body, fail) : await this.#openLarge(body, fail);
      const done = <T>(value: T): T => (release(), value);
      return {
        take: (job) => opened.take(job).then(done, (error: unknown) => Promise.reject(done(error))),
        close: () => done(opened.close()),
      };
    } catch (error) {
      release();
      throw error;
    }
  }

  #openLarge(body: Uint8Array, fail: Fail): Promise<OpenListing> {
    const megabytes = Math.round(body.byteLength / 1e6);
    const seconds = this.#deadline?.seconds ?? '0 s';
    return openOffThread(body, this.#deadline?.signal ?? AbortSignal.abort()).catch((error: unknown) => {
      if (error instanceof ReadTooSlow) throw fail('INFISICAL_TIMEOUT', { kind: 'reply-too-slow', megabytes, seconds });
      if (error instanceof ReadFailedHere) throw fail('INFISICAL_BAD_RESPONSE', { kind: 'reply-unread-here', megabytes });
      throw asBadResponse(error, fail);
    });
  }

  // What `job` takes from an open listing: only the values the run wants, which, and no others, are
  // never shown from then on.
  async takeFromListing<J extends ParseJob>(folder: string, listing: OpenListing, job: J): Promise<ParseResult<J>> {
    const fail = this.#listFailure(folder);
    const taken = await listing.take(job).catch((error: unknown) => {
      throw asBadResponse(error, fail);
    });
    for (const value of valuesRead(taken)) this.redactor.add(value);
    return taken;
  }

  #listFailure(folder: string): Fail {
    return (code, happened) => replyFailure(this.#reading, 'list', 200)(code, happened).inFolder(folder);
  }

  // Connections that will not be used: none may hold the process open.
  close(): void {
    this.#deadline?.clear();
    this.#deadline = undefined;
    this.#http.close();
    for (const other of this.#others.values()) other.close();
  }

  // Folders asked for while the login is in flight get their connection opened now, so the
  // handshakes overlap the login's round trip instead of following it. One each: the login's own
  // connection is not free yet when its answer releases the lists.
  #warmAhead(): void {
    if (this.#loggingIn && this.#warmed++ < MAX_CONCURRENT_REQUESTS) this.#http.warm?.();
  }
}

// What the chosen login carries that must never be shown.
const credentialsOf = (choice: AuthChoice): string[] => {
  switch (choice.method) {
    case 'token':
      return [choice.token, ...(choice.fallback === undefined ? [] : [choice.fallback.clientSecret])];
    case 'universal-auth':
      return [choice.clientSecret];
    case 'oidc-auth':
      return choice.jwt.from === 'variable' ? [choice.jwt.value] : [choice.jwt.requestToken];
    case 'kubernetes':
      return []; // the token file's contents, once read (kubernetes-auth.ts)
  }
};
