import type { InfisicalClient } from '../../client.js';
import { at, pickOf, text } from './read-fields.js';

const path = (identityId: string): string => `/api/v1/auth/universal-auth/identities/${encodeURIComponent(identityId)}`;
const NOT_ATTACHED = /does not have universal auth/i;
const ATTACHED_ALREADY = /already configured/i;

// GET …/universal-auth/identities/:id: the identity's client id, or undefined when it has no Universal
// Auth (a 400 that says so; any other answer is a failure, never "not attached").
export const getUniversalAuth = async (client: InfisicalClient, identityId: string): Promise<{ clientId: string } | undefined> => {
  const reply = await client.call({ method: 'GET', path: path(identityId) }, { phase: 'read', idempotent: true });
  if (reply.status === 400 && NOT_ATTACHED.test(reply.message)) return undefined;
  if (!reply.ok) throw reply.failure();
  return { clientId: pickOf(client, reply, 'read', (d) => text(at(d, 'identityUniversalAuth', 'clientId')), 'identityUniversalAuth.clientId') };
};

// POST the same path: Universal Auth attached with Infisical's default TTLs. A 400 "already
// configured" (attached meanwhile) is believed only once a new read shows it.
export const attachUniversalAuth = async (client: InfisicalClient, identityId: string): Promise<{ clientId: string; result: 'created' | 'exists' }> => {
  const json = { accessTokenTTL: 2592000, accessTokenMaxTTL: 2592000, accessTokenNumUsesLimit: 0 };
  const reply = await client.call({ method: 'POST', path: path(identityId), json }, { phase: 'write', idempotent: false });
  if (reply.ok)
    return {
      clientId: pickOf(client, reply, 'write', (d) => text(at(d, 'identityUniversalAuth', 'clientId')), 'identityUniversalAuth.clientId'),
      result: 'created',
    };
  if (reply.status === 400 && ATTACHED_ALREADY.test(reply.message)) {
    const found = await getUniversalAuth(client, identityId);
    if (found !== undefined) return { ...found, result: 'exists' };
  }
  throw reply.failure();
};

// POST …/client-secrets: a new client secret (every call mints another; the older ones keep working).
// It is shown only in this reply, and kept out of every message from now on.
export const createClientSecret = async (client: InfisicalClient, identityId: string, description: string): Promise<string> => {
  const reply = await client.call({ method: 'POST', path: `${path(identityId)}/client-secrets`, json: { description } }, { phase: 'write', idempotent: false });
  if (!reply.ok) throw reply.failure();
  const secret = pickOf(client, reply, 'write', (d) => text(at(d, 'clientSecret')), 'clientSecret');
  client.redactor.add(secret);
  return secret;
};
