// Who may do what on the write and admin routes (docs/emulator.md, Admin routes). Organization admins
// (bootstrap's identity, a seed's `adminToken`) may use every admin route; in a project, `viewer` reads,
// `member` and `admin` also write, `no-access` does neither. Refusals are CASL's 403 PermissionDenied.
import type { Ctx } from './http.js';
import type { Deps } from './deps.js';
import { apiError } from './errors.js';
import { authenticate } from './routes-auth.js';
import type { StoredIdentity, StoredProject } from './seed.js';

export function permissionDenied(ctx: Ctx, action: string, subject: string) {
  return apiError(ctx.reqId, 403, 'PermissionDenied', `You are not allowed to ${action} on ${subject}`);
}

/** The bearer's identity; a token of an identity that no longer exists is refused as unauthenticated. */
export function actor(ctx: Ctx, deps: Deps): StoredIdentity {
  const id = authenticate(ctx, deps);
  const identity = deps.store.identities.get(id);
  if (!identity) throw apiError(ctx.reqId, 401, 'UnauthorizedError', 'Identity not found');
  return identity;
}

export function requireOrgAdmin(ctx: Ctx, identity: StoredIdentity, action: string, subject: string): void {
  if (!identity.orgAdmin) throw permissionDenied(ctx, action, subject);
}

/** Finds a project by id, or by slug where the route accepts one. */
export function findProject(deps: Deps, idOrSlug: string): StoredProject | undefined {
  const byId = deps.store.projects.get(idOrSlug);
  if (byId) return byId;
  for (const p of deps.store.projects.values()) if (p.slug === idOrSlug) return p;
  return undefined;
}

export function projectNotFound(ctx: Ctx, projectId: string) {
  return apiError(ctx.reqId, 404, 'NotFound', `Project with ID '${projectId}' not found`);
}

/** A member's read or write access to a project, as its role grants it. */
export function requireProjectAccess(ctx: Ctx, identity: StoredIdentity, projectId: string, need: 'read' | 'write', subject: string): void {
  if (!identity.projects.has(projectId)) {
    throw apiError(ctx.reqId, 403, `Identity is not a member of the specified project with ID '${projectId}'`, 'You are not allowed to access this resource');
  }
  const role = identity.roles.get(projectId) ?? 'admin';
  const ok = need === 'read' ? role !== 'no-access' : role === 'admin' || role === 'member';
  if (!ok) throw permissionDenied(ctx, need === 'read' ? 'read' : 'create', subject);
}
