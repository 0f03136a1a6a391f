import { cacheSecret, MIN_CACHE_KEY_BYTES } from '../cache/cache-secret.js';
import { openTokenCache, type TokenStore } from '../cache/token-cache.js';
import type { AuthChoice } from './auth/choose-method.js';
import { parseBaseUrl } from './base-url.js';
import { InfisicalClient, type ClientDeps } from './client.js';
import { checkConfig, misconfigured } from './config-failures.js';
import type { InfisicalError } from './errors.js';
import { proxyFor, proxyFromEnv } from './transport/proxy.js';
import type { CacheNote, FetchRequest } from './types.js';

export type OpenRequest = Pick<FetchRequest, 'config' | 'inherited' | 'tokenCache'>;

// A client for the configured server and login, or why there can be none (settings that cannot work,
// a proxy setting that is wrong): what a run, seed and watch all start from. Nothing is sent yet.
export type Opened = { client: InfisicalClient; choice: AuthChoice; projectId: string; cacheNotes: CacheNote[] } | { failures: InfisicalError[] };

// The token cache of this identity on this server, opened when the client needs a login (never with
// INFISICAL_TOKEN, never with --no-token-cache; for OIDC and Kubernetes only with SECRETS_RUN_CACHE_KEY,
// cache/cache-secret.ts); what it says is kept for the report.
const tokenCacheFor = (request: OpenRequest, choice: AuthChoice, base: URL, notes: CacheNote[], now: () => number) => (): TokenStore | undefined => {
  if (request.tokenCache !== true || choice.method === 'token') return undefined;
  const env = request.inherited ?? {};
  const secret = cacheSecret(choice.method === 'universal-auth' ? choice : { identityId: choice.identityId }, env);
  const say = { warn: (message: string) => notes.push({ level: 'warn', message }), detail: (message: string) => notes.push({ level: 'detail', message }) };
  if (secret === undefined) {
    say.detail(`no token cache for ${choice.method}: SECRETS_RUN_CACHE_KEY (at least ${MIN_CACHE_KEY_BYTES} bytes) is not set`);
    return undefined;
  }
  return openTokenCache({ addr: base.href, clientId: secret.identity, clientSecret: secret.secret }, env, say, now);
};

export const openClient = (request: OpenRequest, deps: ClientDeps = {}): Opened => {
  const now = deps.now ?? Date.now;
  const checked = checkConfig(request.config);
  if (checked.choice === undefined) return { failures: checked.failures };
  const choice = checked.choice;
  const { addr, projectId } = request.config;
  const base = parseBaseUrl(addr!.value)!;
  const proxySettings = proxyFromEnv(request.inherited ?? {});
  const proxy = proxyFor(base, proxySettings);
  if (proxy !== undefined && 'problem' in proxy) return { failures: [misconfigured(proxy.problem)] };
  const proxyTo = (url: URL): URL | undefined => {
    const found = proxyFor(url, proxySettings);
    return found !== undefined && 'url' in found ? found.url : undefined;
  };
  const cacheNotes: CacheNote[] = [];
  const client = new InfisicalClient(base, choice, {
    tokenCache: tokenCacheFor(request, choice, base, cacheNotes, now),
    proxyTo,
    ...deps,
    proxy: proxy?.url,
  });
  return { client, choice, projectId: projectId!.value, cacheNotes };
};
