// Machine identities: create, list, search (docs/emulator.md, Admin routes). Names are not unique: a
// second create with the same name is simply another identity, so a client must look up first (list,
// or search on newer servers). Their Universal Auth is in routes-universal-auth.ts.
import { randomUUID } from 'node:crypto';
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import type { Deps } from './deps.js';
import { apiError } from './errors.js';
import { actor, permissionDenied, requireOrgAdmin } from './access.js';
import { BodyReader } from './body.js';
import { QueryReader } from './query.js';
import type { StoredIdentity } from './seed.js';

function authMethods(i: StoredIdentity): string[] {
  return [...(i.universalAuth ? ['universal-auth'] : []), ...(i.oidc ? ['oidc-auth'] : []), ...(i.kubernetes ? ['kubernetes-auth'] : [])];
}

function identityView(i: StoredIdentity, orgId: string | undefined): Record<string, unknown> {
  return {
    id: i.id,
    name: i.name,
    orgId: orgId ?? null,
    authMethods: authMethods(i),
    hasDeleteProtection: false,
    createdAt: i.createdAt,
    updatedAt: i.createdAt,
  };
}

/** A row of the org's identity list: the org membership, with the identity inside. */
function membershipRow(i: StoredIdentity, orgId: string | undefined): Record<string, unknown> {
  return {
    id: `${i.id}-org`,
    role: i.orgAdmin ? 'admin' : 'no-access',
    roleId: null,
    orgId: orgId ?? null,
    identityId: i.id,
    createdAt: i.createdAt,
    updatedAt: i.createdAt,
    identity: { id: i.id, name: i.name, authMethods: authMethods(i) },
  };
}

export function findIdentity(ctx: Ctx, deps: Deps, id: string): StoredIdentity {
  const identity = deps.store.identities.get(id);
  if (!identity) throw apiError(ctx.reqId, 404, 'NotFound', `Failed to find identity with ID ${id}`);
  return identity;
}

/** `POST /api/v1/identities` `{name, organizationId, role}`. */
export async function createIdentity(ctx: Ctx, deps: Deps): Promise<void> {
  const b = await BodyReader.read(ctx);
  const name = b.str('name', true);
  const orgId = b.str('organizationId', true);
  b.str('role');
  b.bool('hasDeleteProtection');
  b.done(ctx);
  const caller = actor(ctx, deps);
  requireOrgAdmin(ctx, caller, 'create', 'identity');
  if (orgId !== deps.store.org?.id) throw permissionDenied(ctx, 'create', 'identity');
  const identity: StoredIdentity = {
    id: randomUUID(),
    name: name as string,
    projects: new Set(),
    roles: new Map(),
    orgAdmin: false,
    createdAt: new Date(deps.now()).toISOString(),
  };
  deps.store.identities.set(identity.id, identity);
  deps.countWrite('identities');
  sendJson(ctx, 200, { identity: identityView(identity, orgId) });
}

/** `GET /api/v1/identities?orgId=`: every identity of the organization. */
export function listIdentities(ctx: Ctx, deps: Deps): void {
  const caller = actor(ctx, deps);
  requireOrgAdmin(ctx, caller, 'read', 'identity');
  const q = new QueryReader(ctx.query);
  const orgId = q.nonEmpty('orgId');
  if (orgId !== undefined && orgId !== deps.store.org?.id) throw permissionDenied(ctx, 'read', 'identity');
  const rows = [...deps.store.identities.values()].map((i) => membershipRow(i, deps.store.org?.id));
  sendJson(ctx, 200, { identities: rows, totalCount: rows.length });
}

/** `POST /api/v1/identities/search` `{search: {name: "x" | {$eq} | {$contains} | {$in}}}` (newer servers). */
export async function searchIdentities(ctx: Ctx, deps: Deps): Promise<void> {
  const b = await BodyReader.read(ctx);
  const search = b.object('search') ?? {};
  b.num('limit');
  b.num('offset');
  b.done(ctx);
  const caller = actor(ctx, deps);
  requireOrgAdmin(ctx, caller, 'read', 'identity');
  const want = search.name;
  const match = (name: string): boolean => {
    if (typeof want === 'string') return name === want;
    if (typeof want === 'object' && want !== null) {
      const w = want as Record<string, unknown>;
      if (typeof w.$eq === 'string') return name === w.$eq;
      if (typeof w.$contains === 'string') return name.toLowerCase().includes(w.$contains.toLowerCase());
      if (Array.isArray(w.$in)) return w.$in.includes(name);
    }
    return true;
  };
  const rows = [...deps.store.identities.values()].filter((i) => match(i.name)).map((i) => membershipRow(i, deps.store.org?.id));
  sendJson(ctx, 200, { identities: rows, totalCount: rows.length });
}
