// Universal Auth of a machine identity (docs/emulator.md, Admin routes): attach once (a second attach
// is a 400), read it back for the client id, mint client secrets (each shown once, in the create reply;
// every call mints another), list their metadata, revoke one.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import type { Deps } from './deps.js';
import { apiError, badRequest } from './errors.js';
import { actor, requireOrgAdmin } from './access.js';
import { BodyReader } from './body.js';
import type { StoredIdentity, StoredUniversalAuth } from './seed.js';
import { findIdentity } from './routes-identities.js';

const ALL_IPS = [
  { ipAddress: '0.0.0.0', prefix: 0, type: 'ipv4' },
  { ipAddress: '::', prefix: 0, type: 'ipv6' },
];
const MAX_TTL = 315_360_000;

function uaView(identity: StoredIdentity, ua: StoredUniversalAuth): Record<string, unknown> {
  return {
    id: ua.id,
    clientId: ua.clientId,
    accessTokenTTL: ua.accessTokenTTL,
    accessTokenMaxTTL: ua.accessTokenMaxTTL,
    accessTokenNumUsesLimit: ua.accessTokenNumUsesLimit,
    clientSecretTrustedIps: ALL_IPS,
    accessTokenTrustedIps: ALL_IPS,
    identityId: identity.id,
    accessTokenPeriod: 0,
    createdAt: ua.createdAt,
    updatedAt: ua.createdAt,
  };
}

function noUniversalAuth(ctx: Ctx) {
  return badRequest(ctx.reqId, 'The identity does not have universal auth');
}

/** `POST /api/v1/auth/universal-auth/identities/:id`: attach once; a second attach is a 400. */
export async function attachUniversalAuth(ctx: Ctx, deps: Deps, id: string): Promise<void> {
  const b = await BodyReader.optional(ctx);
  const ttl = b.num('accessTokenTTL', 0) ?? 2_592_000;
  const maxTtl = b.num('accessTokenMaxTTL', 0) ?? 2_592_000;
  const uses = b.num('accessTokenNumUsesLimit', 0) ?? 0;
  b.array('clientSecretTrustedIps');
  b.array('accessTokenTrustedIps');
  if (ttl > MAX_TTL)
    b.issues.push({
      code: 'too_big',
      maximum: MAX_TTL,
      type: 'number',
      inclusive: true,
      message: `Number must be less than or equal to ${MAX_TTL}`,
      path: ['accessTokenTTL'],
    });
  b.done(ctx);
  const caller = actor(ctx, deps);
  requireOrgAdmin(ctx, caller, 'create', 'identity');
  const identity = findIdentity(ctx, deps, id);
  if (identity.universalAuth) throw badRequest(ctx.reqId, 'Failed to add universal auth to already configured identity');
  if (ttl > maxTtl) throw badRequest(ctx.reqId, 'Access token TTL cannot be greater than max TTL');
  const ua: StoredUniversalAuth = {
    id: randomUUID(),
    clientId: randomUUID(),
    clientSecrets: [],
    accessTokenTTL: ttl,
    accessTokenMaxTTL: maxTtl,
    accessTokenNumUsesLimit: uses,
    createdAt: new Date(deps.now()).toISOString(),
  };
  identity.universalAuth = ua;
  deps.store.byClientId.set(ua.clientId, identity);
  deps.countWrite('universalAuth');
  sendJson(ctx, 200, { identityUniversalAuth: uaView(identity, ua) });
}

export function getUniversalAuth(ctx: Ctx, deps: Deps, id: string): void {
  const caller = actor(ctx, deps);
  requireOrgAdmin(ctx, caller, 'read', 'identity');
  const identity = findIdentity(ctx, deps, id);
  if (!identity.universalAuth) throw noUniversalAuth(ctx);
  sendJson(ctx, 200, { identityUniversalAuth: uaView(identity, identity.universalAuth) });
}

function secretData(ua: StoredUniversalAuth, s: StoredUniversalAuth['clientSecrets'][number]): Record<string, unknown> {
  return {
    id: s.id,
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
    description: s.description,
    clientSecretPrefix: s.secret.slice(0, 4),
    clientSecretNumUses: 0,
    clientSecretNumUsesLimit: s.numUsesLimit,
    clientSecretTTL: s.ttl,
    identityUAId: ua.id,
    isClientSecretRevoked: s.revoked === true,
  };
}

/** `POST …/identities/:id/client-secrets`: a new secret every call, its plaintext only in this reply. */
export async function createClientSecret(ctx: Ctx, deps: Deps, id: string): Promise<void> {
  const b = await BodyReader.optional(ctx);
  const description = b.str('description') ?? '';
  const numUsesLimit = b.num('numUsesLimit', 0) ?? 0;
  const ttl = b.num('ttl', 0) ?? 0;
  b.done(ctx);
  const caller = actor(ctx, deps);
  requireOrgAdmin(ctx, caller, 'edit', 'identity');
  const identity = findIdentity(ctx, deps, id);
  const ua = identity.universalAuth;
  if (!ua) throw noUniversalAuth(ctx);
  const stored = { id: randomUUID(), secret: randomBytes(32).toString('hex'), description, createdAt: new Date(deps.now()).toISOString(), ttl, numUsesLimit };
  ua.clientSecrets.push(stored);
  deps.countWrite('clientSecrets');
  sendJson(ctx, 200, { clientSecret: stored.secret, clientSecretData: secretData(ua, stored) });
}

/** `GET …/identities/:id/client-secrets`: metadata only (prefix, never the secret). */
export function listClientSecrets(ctx: Ctx, deps: Deps, id: string): void {
  const caller = actor(ctx, deps);
  requireOrgAdmin(ctx, caller, 'read', 'identity');
  const identity = findIdentity(ctx, deps, id);
  const ua = identity.universalAuth;
  if (!ua) throw noUniversalAuth(ctx);
  sendJson(ctx, 200, { clientSecretData: ua.clientSecrets.map((s) => secretData(ua, s)) });
}

/** `POST …/client-secrets/:secretId/revoke`: the secret stops logging in; its metadata stays listed. */
export function revokeClientSecret(ctx: Ctx, deps: Deps, id: string, secretId: string): void {
  const caller = actor(ctx, deps);
  requireOrgAdmin(ctx, caller, 'edit', 'identity');
  const identity = findIdentity(ctx, deps, id);
  const ua = identity.universalAuth;
  if (!ua) throw noUniversalAuth(ctx);
  const stored = ua.clientSecrets.find((s) => s.id === secretId);
  if (!stored) throw apiError(ctx.reqId, 404, 'NotFound', 'Failed to find identity client secret');
  stored.revoked = true;
  sendJson(ctx, 200, { clientSecretData: secretData(ua, stored) });
}
