import type { InfisicalClient } from '../../client.js';
import { at, pickOf, rowsOf, text } from './read-fields.js';

export interface Identity {
  id: string;
  name: string;
}

// A row of the org's identity list or search: the org membership, with the identity inside.
const identityOf = (row: unknown): Identity | undefined => {
  const id = text(at(row, 'identity', 'id')) ?? text(at(row, 'identityId'));
  const name = text(at(row, 'identity', 'name'));
  return id === undefined || name === undefined ? undefined : { id, name };
};

// The organization's identities with exactly this name (names are not unique: a second create is
// another identity). Newer servers search (POST, a read); one without the route lists them all.
export const findIdentities = async (client: InfisicalClient, orgId: string, name: string): Promise<Identity[]> => {
  const searched = await client.call(
    { method: 'POST', path: '/api/v1/identities/search', json: { search: { name: { $eq: name } } } },
    { phase: 'read', idempotent: true },
  );
  const reply = searched.unknownRoute
    ? await client.call({ method: 'GET', path: `/api/v1/identities?${new URLSearchParams({ orgId }).toString()}` }, { phase: 'read', idempotent: true })
    : searched;
  if (!reply.ok) throw reply.failure();
  return rowsOf(client, reply, 'read', (d) => at(d, 'identities'), 'identities').flatMap((row) => {
    const identity = identityOf(row);
    return identity === undefined || identity.name !== name ? [] : [identity];
  });
};

// POST /api/v1/identities with no organization role: what it may do comes from its project membership.
export const createIdentity = async (client: InfisicalClient, orgId: string, name: string): Promise<Identity> => {
  const json = { name, organizationId: orgId, role: 'no-access' };
  const reply = await client.call({ method: 'POST', path: '/api/v1/identities', json }, { phase: 'write', idempotent: false });
  if (!reply.ok) throw reply.failure();
  return pickOf(
    client,
    reply,
    'write',
    (d) => {
      const id = text(at(d, 'identity', 'id'));
      return id === undefined ? undefined : { id, name: text(at(d, 'identity', 'name')) ?? name };
    },
    'identity',
  );
};
