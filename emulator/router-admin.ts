// The write and admin routes (docs/emulator.md, Admin routes): folders, secret writes, projects,
// bootstrap, identities, Universal Auth, memberships. Each route has a stable name for the request log
// (`stats().requests`), a fault kind (`write` or `read`) and Infisical's limit class.
import type { Route } from './router.js';
import type { Deps } from './deps.js';
import type { Ctx } from './http.js';
import { routeNotFound } from './errors.js';
import { authenticate } from './routes-auth.js';
import { createFolder, listFolders } from './routes-folders.js';
import { createSecret, updateSecret } from './routes-secret-writes.js';
import { createSecretsBatch, updateSecretsBatch } from './routes-secret-batch.js';
import { createProject, getProject, listProjects } from './routes-projects.js';
import { bootstrap, listOrganizations } from './routes-admin.js';
import { createIdentity, listIdentities, searchIdentities } from './routes-identities.js';
import { attachUniversalAuth, createClientSecret, getUniversalAuth, listClientSecrets, revokeClientSecret } from './routes-universal-auth.js';
import { addMembership, listMemberships } from './routes-memberships.js';

type Handle = Route['handle'];

const UA = /^\/api\/v1\/auth\/universal-auth\/identities\/([^/]+)$/;
const UA_SECRET_REVOKE = /^\/api\/v1\/auth\/universal-auth\/identities\/([^/]+)\/client-secrets\/([^/]+)\/revoke$/;
const UA_SECRETS = /^\/api\/v1\/auth\/universal-auth\/identities\/([^/]+)\/client-secrets$/;
const MEMBERSHIP = /^\/api\/v2\/workspace\/([^/]+)\/identity-memberships\/([^/]+)$/;
const MEMBERSHIPS = /^\/api\/v2\/workspace\/([^/]+)\/identity-memberships$/;
const PROJECT = /^\/api\/v1\/workspace\/([^/]+)$/;
const V3_SECRET = /^\/api\/v3\/secrets\/raw\/([^/]+)$/;
const V4_SECRET = /^\/api\/v4\/secrets\/([^/]+)$/;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Older servers have no v4 routes at all: Fastify's unknown-route 404. */
function v4Only(run: Handle): Handle {
  return (ctx: Ctx, deps: Deps) => {
    if (deps.faults.legacy('noV4')) throw routeNotFound(ctx.method, ctx.rawUrl);
    return run(ctx, deps);
  };
}

/**
 * The bearer check runs before the body is read, as Infisical's onRequest auth hook runs before
 * validation: a bad token is 401/403 whatever the body. Bootstrap alone takes no token.
 */
function withAuth(run: Handle): Handle {
  return (ctx: Ctx, deps: Deps) => {
    authenticate(ctx, deps);
    return run(ctx, deps);
  };
}

// Folder creates and secret writes count against `secrets`, as the real routes do; the admin writes
// (bootstrap, projects, identities, Universal Auth, memberships) against `writes`. Admin reads are unlimited here.
const write = (name: string, handle: Handle, limit: 'secrets' | 'writes', v4 = false): Route => ({
  kind: 'write',
  name,
  exemptFromLimiter: false,
  limit,
  v4,
  handle: name === 'admin.bootstrap' ? handle : v4 ? v4Only(withAuth(handle)) : withAuth(handle),
});
const read = (name: string, handle: Handle): Route => ({ kind: 'read', name, exemptFromLimiter: false, handle: withAuth(handle) });

export function resolveAdminRoute(method: string, path: string): Route | undefined {
  if (method === 'POST') {
    if (path === '/api/v1/admin/bootstrap') return write('admin.bootstrap', bootstrap, 'writes');
    if (path === '/api/v2/workspace') return write('projects.create', createProject, 'writes');
    if (path === '/api/v1/folders') return write('folders.create', (c, d) => createFolder(c, d, 'v1'), 'secrets');
    if (path === '/api/v2/folders') return write('folders.create', (c, d) => createFolder(c, d, 'v2'), 'secrets');
    if (path === '/api/v1/identities') return write('identities.create', createIdentity, 'writes');
    if (path === '/api/v1/identities/search') return read('identities.search', searchIdentities);
    const revoke = UA_SECRET_REVOKE.exec(path);
    if (revoke)
      return write(
        'universal-auth.client-secret.revoke',
        (c, d) => revokeClientSecret(c, d, decode(revoke[1] as string), decode(revoke[2] as string)),
        'writes',
      );
    const secrets = UA_SECRETS.exec(path)?.[1];
    if (secrets !== undefined) return write('universal-auth.client-secret.create', (c, d) => createClientSecret(c, d, decode(secrets)), 'writes');
    const ua = UA.exec(path)?.[1];
    if (ua !== undefined) return write('universal-auth.attach', (c, d) => attachUniversalAuth(c, d, decode(ua)), 'writes');
    const m = MEMBERSHIP.exec(path);
    if (m) return write('memberships.create', (c, d) => addMembership(c, d, decode(m[1] as string), decode(m[2] as string)), 'writes');
  }
  if (method === 'POST' || method === 'PATCH') {
    const create = method === 'POST';
    const batchName = create ? 'secrets.create-batch' : 'secrets.update-batch';
    const batch = create ? createSecretsBatch : updateSecretsBatch;
    if (path === '/api/v4/secrets/batch') return write(batchName, (c, d) => batch(c, d, 'v4'), 'secrets', true);
    if (path === '/api/v3/secrets/batch/raw') return write(batchName, (c, d) => batch(c, d, 'v3'), 'secrets');
    const v3 = V3_SECRET.exec(path)?.[1];
    if (v3 !== undefined) {
      const name = decode(v3);
      return write(
        create ? 'secrets.create' : 'secrets.update',
        (c, d) => (create ? createSecret(c, d, 'v3', name) : updateSecret(c, d, 'v3', name)),
        'secrets',
      );
    }
    const v4 = V4_SECRET.exec(path)?.[1];
    if (v4 !== undefined && v4 !== 'batch') {
      const name = decode(v4);
      return write(
        create ? 'secrets.create' : 'secrets.update',
        (c, d) => (create ? createSecret(c, d, 'v4', name) : updateSecret(c, d, 'v4', name)),
        'secrets',
        true,
      );
    }
  }
  if (method === 'GET') {
    if (path === '/api/v1/folders') return read('folders.list', (c, d) => listFolders(c, d, 'v1'));
    if (path === '/api/v2/folders') return read('folders.list', (c, d) => listFolders(c, d, 'v2'));
    if (path === '/api/v1/workspace') return read('projects.list', listProjects);
    if (path === '/api/v1/organization') return read('organizations.list', listOrganizations);
    if (path === '/api/v1/identities') return read('identities.list', listIdentities);
    const project = PROJECT.exec(path)?.[1];
    if (project !== undefined) return read('projects.get', (c, d) => getProject(c, d, decode(project)));
    const secrets = UA_SECRETS.exec(path)?.[1];
    if (secrets !== undefined) return read('universal-auth.client-secret.list', (c, d) => listClientSecrets(c, d, decode(secrets)));
    const ua = UA.exec(path)?.[1];
    if (ua !== undefined) return read('universal-auth.get', (c, d) => getUniversalAuth(c, d, decode(ua)));
    const members = MEMBERSHIPS.exec(path)?.[1];
    if (members !== undefined) return read('memberships.list', (c, d) => listMemberships(c, d, decode(members)));
  }
  return undefined;
}
