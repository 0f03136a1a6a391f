// Instance bootstrap and the organization lookup (docs/emulator.md, Admin routes). Bootstrap exists
// on newer servers only (legacy knob `noBootstrap`: Fastify's 404); it works once, then answers 400.
// Its identity token never expires and is never logged.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import type { Deps } from './deps.js';
import { badRequest, routeNotFound } from './errors.js';
import { actor } from './access.js';
import { BodyReader } from './body.js';
import type { StoredIdentity } from './seed.js';
import { slugify } from './seed.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Zod's issue for an empty string where one character at least is required.
const tooShort = (field: string) => ({
  code: 'too_small',
  minimum: 1,
  type: 'string',
  inclusive: true,
  exact: false,
  message: 'String must contain at least 1 character(s)',
  path: [field],
});

export async function bootstrap(ctx: Ctx, deps: Deps): Promise<void> {
  if (deps.faults.legacy('noBootstrap')) throw routeNotFound(ctx.method, ctx.rawUrl);
  const b = await BodyReader.read(ctx);
  const email = b.str('email', true);
  if (email !== undefined && !EMAIL.test(email)) b.issues.push({ validation: 'email', code: 'invalid_string', message: 'Invalid email', path: ['email'] });
  const password = b.raw('password');
  if (password === undefined || password.length === 0) b.issues.push(tooShort('password'));
  const organization = b.str('organization', true);
  if (organization === '') b.issues.push(tooShort('organization'));
  b.done(ctx);
  if (deps.store.org) throw badRequest(ctx.reqId, 'Instance has already been set up');
  const org = { id: randomUUID(), name: organization as string, slug: slugify(organization as string) || 'org' };
  deps.store.org = org;
  const token = randomBytes(48).toString('base64url');
  const identity: StoredIdentity = {
    id: randomUUID(),
    name: 'Instance Admin Identity',
    projects: new Set(),
    roles: new Map(),
    orgAdmin: true,
    adminToken: token,
    createdAt: new Date(deps.now()).toISOString(),
  };
  deps.store.identities.set(identity.id, identity);
  deps.tokens.grant(token, identity.id);
  deps.countWrite('bootstraps');
  const lower = (email as string).toLowerCase();
  sendJson(ctx, 200, {
    message: 'Successfully bootstrapped instance',
    user: { username: lower, firstName: 'Admin', lastName: 'User', email: lower, id: randomUUID(), superAdmin: true },
    organization: org,
    identity: { id: identity.id, name: identity.name, credentials: { token } },
  });
}

/** `GET /api/v1/organization`: the one organization, to any identity of it. */
export function listOrganizations(ctx: Ctx, deps: Deps): void {
  actor(ctx, deps);
  const org = deps.store.org;
  sendJson(ctx, 200, { organizations: org ? [{ ...org, createdAt: deps.createdAt, updatedAt: deps.createdAt }] : [] });
}
