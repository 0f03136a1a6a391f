// An identity's membership of a project, with a role (docs/emulator.md, Admin routes). A second add is
// a 400 "already exists" on both generations; an unknown role is a 404. The role decides what the
// identity's token may do in the project (access.ts): `viewer` reads, `member`/`admin` also write.
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import type { Deps } from './deps.js';
import { apiError, badRequest } from './errors.js';
import { actor, permissionDenied, projectNotFound, requireOrgAdmin } from './access.js';
import { BodyReader } from './body.js';
import type { ProjectRole, StoredIdentity } from './seed.js';
import { PROJECT_ROLES, stableId } from './seed.js';

function membershipView(deps: Deps, identity: StoredIdentity, projectId: string): Record<string, unknown> {
  const role = identity.roles.get(projectId) ?? 'admin';
  const id = stableId('membership', projectId, identity.id);
  return {
    id,
    identityId: identity.id,
    projectId,
    createdAt: deps.createdAt,
    updatedAt: deps.createdAt,
    identity: { id: identity.id, name: identity.name, authMethods: identity.universalAuth ? ['universal-auth'] : [] },
    roles: [
      {
        id: stableId('membership-role', id, role),
        role,
        customRoleId: null,
        customRoleSlug: null,
        isTemporary: false,
        createdAt: deps.createdAt,
        updatedAt: deps.createdAt,
      },
    ],
  };
}

/** `POST /api/v2/workspace/:projectId/identity-memberships/:identityId` `{role}` or `{roles:[{role}]}`. */
export async function addMembership(ctx: Ctx, deps: Deps, projectId: string, identityId: string): Promise<void> {
  const b = await BodyReader.optional(ctx);
  const single = b.str('role');
  const roles = b.array('roles');
  b.done(ctx);
  const first = roles?.[0] as { role?: unknown } | undefined;
  const role = single ?? (typeof first?.role === 'string' ? first.role : 'no-access');
  const caller = actor(ctx, deps);
  requireOrgAdmin(ctx, caller, 'create', 'identity');
  if (!deps.store.projects.has(projectId)) throw projectNotFound(ctx, projectId);
  const identity = deps.store.identities.get(identityId);
  if (!identity) throw apiError(ctx.reqId, 404, 'NotFound', `Failed to find identity with ID ${identityId}`);
  if (identity.projects.has(projectId)) throw badRequest(ctx.reqId, `Identity with id ${identityId} already exists in project with id ${projectId}`);
  if (!PROJECT_ROLES.includes(role as ProjectRole)) throw apiError(ctx.reqId, 404, 'NotFound', `Project role with slug '${role}' not found`);
  identity.projects.add(projectId);
  identity.roles.set(projectId, role as ProjectRole);
  deps.countWrite('memberships');
  sendJson(ctx, 200, { identityMembership: membershipView(deps, identity, projectId) });
}

/** `GET /api/v2/workspace/:projectId/identity-memberships`: to an org admin or a project member. */
export function listMemberships(ctx: Ctx, deps: Deps, projectId: string): void {
  const caller = actor(ctx, deps);
  if (!deps.store.projects.has(projectId)) throw projectNotFound(ctx, projectId);
  if (!caller.orgAdmin && !caller.projects.has(projectId)) throw permissionDenied(ctx, 'read', 'identity');
  const members = [...deps.store.identities.values()].filter((i) => i.projects.has(projectId)).map((i) => membershipView(deps, i, projectId));
  sendJson(ctx, 200, { identityMemberships: members, totalCount: members.length });
}
