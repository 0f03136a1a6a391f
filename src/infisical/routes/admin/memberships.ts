import type { InfisicalClient } from '../../client.js';
import { at, rowsOf, text } from './read-fields.js';

export interface Membership {
  identityId: string;
  roles: string[];
}

const base = (projectId: string): string => `/api/v2/workspace/${encodeURIComponent(projectId)}/identity-memberships`;

// GET /api/v2/workspace/:projectId/identity-memberships: the project's machine identities and roles.
export const listMemberships = async (client: InfisicalClient, projectId: string): Promise<Membership[]> => {
  const reply = await client.call({ method: 'GET', path: base(projectId) }, { phase: 'read', idempotent: true });
  if (!reply.ok) throw reply.failure();
  return rowsOf(client, reply, 'read', (d) => at(d, 'identityMemberships'), 'identityMemberships').flatMap((row) => {
    const identityId = text(at(row, 'identityId')) ?? text(at(row, 'identity', 'id'));
    const roles = at(row, 'roles');
    const names = Array.isArray(roles) ? roles.flatMap((r: unknown) => (text(at(r, 'role')) === undefined ? [] : [text(at(r, 'role'))!])) : [];
    return identityId === undefined ? [] : [{ identityId, roles: names }];
  });
};

// POST …/identity-memberships/:identityId {role}. A member already is a 400 "already exists", believed
// only once a new listing shows the membership (any other 400, an unknown role's 404: failures).
export const addMembership = async (client: InfisicalClient, projectId: string, identityId: string, role: string): Promise<'created' | 'exists'> => {
  const reply = await client.call(
    { method: 'POST', path: `${base(projectId)}/${encodeURIComponent(identityId)}`, json: { role } },
    { phase: 'write', idempotent: false },
  );
  if (reply.ok) return 'created';
  if (reply.status === 400 && /already exists/i.test(reply.message) && (await listMemberships(client, projectId)).some((m) => m.identityId === identityId))
    return 'exists';
  throw reply.failure();
};
