import type { InfisicalClient } from '../../client.js';
import { at, pickOf, rowsOf, text, type Row } from './read-fields.js';

export interface Organization {
  id: string;
  name: string;
  slug: string;
}

export type Bootstrapped =
  | { kind: 'bootstrapped'; token: string; organization: Organization }
  | { kind: 'set-up-already' } // 400: the instance has its first admin already (bootstrap works once)
  | { kind: 'no-route' }; // an older server: its first admin signed up in the web UI

const organizationOf = (row: unknown): Organization | undefined => {
  const id = text(at(row, 'id'));
  return id === undefined ? undefined : { id, name: text(at(row, 'name')) ?? '', slug: text(at(row, 'slug')) ?? '' };
};

// POST /api/v1/admin/bootstrap, sent without a token: the first admin user, its organization, and an
// instance admin identity whose token never expires. The token is kept out of every message at once.
export const bootstrapInstance = async (client: InfisicalClient, body: { email: string; password: string; organization: string }): Promise<Bootstrapped> => {
  const reply = await client.call({ method: 'POST', path: '/api/v1/admin/bootstrap', json: body }, { phase: 'write', idempotent: false, auth: false });
  if (reply.unknownRoute) return { kind: 'no-route' };
  if (reply.status === 400 && /already (been )?set up/i.test(reply.message)) return { kind: 'set-up-already' };
  if (!reply.ok) throw reply.failure();
  const token = pickOf(client, reply, 'write', (d) => text(at(d, 'identity', 'credentials', 'token')), 'identity.credentials.token');
  client.redactor.add(token);
  const organization = pickOf(client, reply, 'write', (d) => organizationOf(at(d, 'organization')), 'organization');
  return { kind: 'bootstrapped', token, organization };
};

// GET /api/v1/organization: the organizations the admin token belongs to.
export const listOrganizations = async (client: InfisicalClient): Promise<Organization[]> => {
  const reply = await client.call({ method: 'GET', path: '/api/v1/organization' }, { phase: 'read', idempotent: true });
  if (!reply.ok) throw reply.failure();
  return rowsOf(client, reply, 'read', (d) => at(d, 'organizations'), 'organizations').flatMap((row: Row) => {
    const org = organizationOf(row);
    return org === undefined ? [] : [org];
  });
};
