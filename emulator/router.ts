// Maps method + path to a handler and classifies the request for stats and fault scoping.
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import type { Deps } from './deps.js';
import type { RouteKind } from './faults.js';
import type { LimitClass } from './limits.js';
import { routeNotFound } from './errors.js';
import { login, renew, revoke } from './routes-auth.js';
import { oidcLogin } from './routes-oidc.js';
import { kubernetesLogin } from './routes-kubernetes.js';
import type { LoginMethod } from './types.js';
import { getSecret, listSecrets } from './routes-secrets.js';
import { normalizePath } from './seed.js';
import { resolveAdminRoute } from './router-admin.js';

export interface Route {
  kind: RouteKind;
  /** The route's name in the request log (`stats().requests`), e.g. `folders.create`. */
  name?: string;
  /** Set for the login routes: counted in logins and loginsByMethod. */
  login?: LoginMethod;
  /** Set for the two list routes: counted in listV4/listV3 and byPath. */
  list?: 'v4' | 'v3';
  secretPath?: string;
  /** A list request that asked for `recursive=true`: counted in recursiveByPath too. */
  recursive?: boolean;
  exemptFromLimiter: boolean;
  /** Infisical's per-IP limit class: secret reads count against `secrets`, login and renew against `auth`. */
  limit?: LimitClass;
  /** A v4 route: with the `noV4` legacy knob it does not exist, so no limit applies to it either. */
  v4?: boolean;
  handle(ctx: Ctx, deps: Deps): void | Promise<void>;
}

const V4_ITEM = /^\/api\/v4\/secrets\/([^/]+)$/;
const V3_ITEM = /^\/api\/v3\/secrets\/raw\/([^/]+)$/;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function notFound(ctx: Ctx): never {
  throw routeNotFound(ctx.method, ctx.rawUrl);
}

/** Older servers have no v4 routes at all: answer exactly like Fastify's unknown-route 404. */
function v4(deps: Deps, ctx: Ctx, run: () => void): void {
  if (deps.faults.legacy('noV4')) notFound(ctx);
  run();
}

export function resolveRoute(method: string, path: string, query: URLSearchParams): Route {
  const secretPath = normalizePath(query.get('secretPath') ?? '/');
  const recursive = query.get('recursive') === 'true';
  const other = (handle: Route['handle'], exemptFromLimiter = false): Route => ({ kind: 'other', exemptFromLimiter, handle });
  if (method === 'GET' && path === '/api/status') {
    return { ...other((ctx) => sendJson(ctx, 200, { date: new Date().toISOString(), message: 'Ok' }), true), name: 'status' };
  }
  if (method === 'POST') {
    // Every login method counts against the `auth` class, and `route: "login"` faults hit them all.
    const loginRoute = (method: LoginMethod, handle: Route['handle']): Route => ({
      kind: 'login',
      name: `login.${method}`,
      login: method,
      exemptFromLimiter: false,
      limit: 'auth',
      handle,
    });
    if (path === '/api/v1/auth/universal-auth/login') return loginRoute('universal-auth', login);
    if (path === '/api/v1/auth/oidc-auth/login') return loginRoute('oidc-auth', oidcLogin);
    if (path === '/api/v1/auth/kubernetes-auth/login') return loginRoute('kubernetes', kubernetesLogin);
    if (path === '/api/v1/auth/token/renew') return { ...other(renew), limit: 'auth', name: 'token.renew' };
    if (path === '/api/v1/auth/token/revoke') return { ...other(revoke), name: 'token.revoke' };
  }
  // Secret reads: the `secrets` limit class; a v4 one is absent on older servers (`noV4`).
  const read = (handle: Route['handle'], shape: Pick<Route, 'list' | 'v4' | 'recursive'>): Route => ({
    name: shape.list ? 'secrets.list' : 'secrets.get',
    kind: 'list',
    secretPath,
    exemptFromLimiter: false,
    limit: 'secrets',
    ...shape,
    handle,
  });
  if (method === 'GET') {
    if (path === '/api/v4/secrets') return read((ctx, deps) => v4(deps, ctx, () => listSecrets(ctx, deps, 'v4')), { list: 'v4', v4: true, recursive });
    if (path === '/api/v3/secrets/raw') return read((ctx, deps) => listSecrets(ctx, deps, 'v3'), { list: 'v3', recursive });
    const v4Item = V4_ITEM.exec(path)?.[1];
    if (v4Item !== undefined) return read((ctx, deps) => v4(deps, ctx, () => getSecret(ctx, deps, 'v4', decode(v4Item))), { v4: true });
    const v3Item = V3_ITEM.exec(path)?.[1];
    if (v3Item !== undefined) return read((ctx, deps) => getSecret(ctx, deps, 'v3', decode(v3Item)), {});
  }
  return resolveAdminRoute(method, path) ?? { ...other(notFound), name: 'unknown' };
}
