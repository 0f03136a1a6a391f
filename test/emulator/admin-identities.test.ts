// Machine identities made through the API (docs/emulator.md, Admin routes): create, Universal Auth,
// client secret, membership with a role, then a login that reads (and, by role, writes) like a seeded one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { ADMIN_TOKEN, ORG_ID, authed, startAdmin, uaLogin } from './admin-helpers.js';

let emu: Emulator;
const admin = authed(ADMIN_TOKEN);
beforeAll(async () => {
  emu = await startAdmin();
});
afterAll(async () => {
  await emu.close();
});

const ua = (id: string, rest = '') => `${emu.url}/api/v1/auth/universal-auth/identities/${id}${rest}`;
const newIdentity = async (name: string): Promise<string> => {
  const r = await admin.send('POST', `${emu.url}/api/v1/identities`, { name, organizationId: ORG_ID, role: 'no-access' });
  expect(r.status).toBe(200);
  return r.json.identity.id as string;
};

describe('identities', () => {
  it('end to end: create → Universal Auth → client secret → membership → login → list; writes by role', async () => {
    const id = await newIdentity('runtime');
    const attach = await admin.send('POST', ua(id), { accessTokenTTL: 86400, accessTokenMaxTTL: 2592000, accessTokenNumUsesLimit: 0 });
    expect(attach.status).toBe(200);
    expect(attach.json.identityUniversalAuth).toMatchObject({ identityId: id, accessTokenTTL: 86400, clientId: expect.any(String) });
    const clientId = attach.json.identityUniversalAuth.clientId as string;
    expect((await admin.get(ua(id))).json.identityUniversalAuth.clientId).toBe(clientId);

    const cs = await admin.send('POST', ua(id, '/client-secrets'), { description: 'runtime' });
    expect(cs.status).toBe(200);
    const clientSecret = cs.json.clientSecret as string;
    expect(clientSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(cs.json.clientSecretData).toMatchObject({ description: 'runtime', clientSecretPrefix: clientSecret.slice(0, 4), isClientSecretRevoked: false });

    // Not a member yet: the login works, the read is refused.
    const early = authed(await uaLogin(emu, clientId, clientSecret));
    expect((await early.get(`${emu.url}/api/v3/secrets/raw?workspaceId=p1&environment=prod&secretPath=/shared/db`)).status).toBe(403);

    const m = await admin.send('POST', `${emu.url}/api/v2/workspace/p1/identity-memberships/${id}`, { role: 'viewer' });
    expect(m.status).toBe(200);
    expect(m.json.identityMembership).toMatchObject({ identityId: id, projectId: 'p1', roles: [expect.objectContaining({ role: 'viewer' })] });

    const tok = authed(await uaLogin(emu, clientId, clientSecret));
    const list = await tok.get(`${emu.url}/api/v4/secrets?projectId=p1&environment=prod&secretPath=/shared/db`);
    expect(list.status).toBe(200);
    expect(list.json.secrets.map((s: { secretKey: string }) => s.secretKey)).toContain('HOST');
    const write = await tok.send('POST', `${emu.url}/api/v3/secrets/raw/NEW`, {
      workspaceId: 'p1',
      environment: 'prod',
      secretPath: '/shared/db',
      secretValue: 'v',
    });
    expect(write.status).toBe(403);
  });

  it('a no-access member may not even read (403 PermissionDenied)', async () => {
    const id = await newIdentity('blind');
    const clientId = (await admin.send('POST', ua(id), {})).json.identityUniversalAuth.clientId as string;
    const secret = (await admin.send('POST', ua(id, '/client-secrets'), {})).json.clientSecret as string;
    expect((await admin.send('POST', `${emu.url}/api/v2/workspace/p1/identity-memberships/${id}`, { role: 'no-access' })).status).toBe(200);
    const tok = authed(await uaLogin(emu, clientId, secret));
    const r = await tok.get(`${emu.url}/api/v4/secrets?projectId=p1&environment=prod&secretPath=/shared/db`);
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('PermissionDenied');
  });

  it('a member or admin identity may write', async () => {
    const id = await newIdentity('seeder');
    const clientId = (await admin.send('POST', ua(id), {})).json.identityUniversalAuth.clientId as string;
    const secret = (await admin.send('POST', ua(id, '/client-secrets'), {})).json.clientSecret as string;
    expect(
      (await admin.send('POST', `${emu.url}/api/v2/workspace/p1/identity-memberships/${id}`, { roles: [{ role: 'member', isTemporary: false }] })).status,
    ).toBe(200);
    const tok = authed(await uaLogin(emu, clientId, secret));
    const w = await tok.send('POST', `${emu.url}/api/v3/secrets/raw/SEEDED`, {
      workspaceId: 'p1',
      environment: 'prod',
      secretPath: '/shared/db',
      secretValue: 'v',
    });
    expect(w.status).toBe(200);
  });

  it('a second identity with the same name is simply another; list and search find both', async () => {
    const a = await newIdentity('twin');
    const b = await newIdentity('twin');
    expect(a).not.toBe(b);
    const listed = await admin.get(`${emu.url}/api/v1/identities?orgId=${ORG_ID}`);
    expect(listed.json.identities.filter((r: { identity: { name: string } }) => r.identity.name === 'twin')).toHaveLength(2);
    const found = await admin.send('POST', `${emu.url}/api/v1/identities/search`, { search: { name: { $eq: 'twin' } } });
    expect(found.json.identities.map((r: { identity: { id: string } }) => r.identity.id).sort()).toEqual([a, b].sort());
    expect(found.json.totalCount).toBe(2);
  });

  it('Universal Auth attached twice is 400; a client secret without Universal Auth is 400', async () => {
    const id = await newIdentity('once');
    expect((await admin.send('POST', ua(id, '/client-secrets'), {})).json.message).toBe('The identity does not have universal auth');
    expect((await admin.send('POST', ua(id), {})).status).toBe(200);
    const again = await admin.send('POST', ua(id), {});
    expect(again.status).toBe(400);
    expect(again.json.message).toBe('Failed to add universal auth to already configured identity');
    expect((await admin.send('POST', ua('no-such-identity'), {})).status).toBe(404);
  });

  it('every client-secret create mints a new one; the list shows prefixes, never a secret', async () => {
    const id = await newIdentity('minted');
    await admin.send('POST', ua(id), {});
    const before = emu.stats().writes.clientSecrets;
    const one = (await admin.send('POST', ua(id, '/client-secrets'), {})).json.clientSecret as string;
    const two = (await admin.send('POST', ua(id, '/client-secrets'), {})).json.clientSecret as string;
    expect(one).not.toBe(two);
    expect(emu.stats().writes.clientSecrets - before).toBe(2);
    const listed = await admin.get(ua(id, '/client-secrets'));
    expect(listed.json.clientSecretData).toHaveLength(2);
    expect(listed.text).not.toContain(one);
    expect(listed.text).not.toContain(two);
  });

  it('a revoked client secret no longer logs in; the others still do', async () => {
    const id = await newIdentity('rotated');
    const clientId = (await admin.send('POST', ua(id), {})).json.identityUniversalAuth.clientId as string;
    const old = (await admin.send('POST', ua(id, '/client-secrets'), {})).json;
    const fresh = (await admin.send('POST', ua(id, '/client-secrets'), {})).json.clientSecret as string;
    const revoked = await admin.send('POST', ua(id, `/client-secrets/${old.clientSecretData.id}/revoke`), {});
    expect(revoked.json.clientSecretData.isClientSecretRevoked).toBe(true);
    await expect(uaLogin(emu, clientId, old.clientSecret as string)).rejects.toThrow(/401/);
    expect(await uaLogin(emu, clientId, fresh)).toEqual(expect.any(String));
  });

  it('membership: a duplicate is 400, an unknown role 404, unknown project or identity 404', async () => {
    const id = await newIdentity('member');
    const url = `${emu.url}/api/v2/workspace/p1/identity-memberships/${id}`;
    expect((await admin.send('POST', url, { role: 'developer' })).status).toBe(404);
    expect((await admin.send('POST', url, { role: 'admin' })).status).toBe(200);
    const dup = await admin.send('POST', url, { role: 'admin' });
    expect(dup.status).toBe(400);
    expect(dup.json.message).toBe(`Identity with id ${id} already exists in project with id p1`);
    expect((await admin.send('POST', `${emu.url}/api/v2/workspace/nope/identity-memberships/${id}`, { role: 'admin' })).status).toBe(404);
    expect((await admin.send('POST', `${emu.url}/api/v2/workspace/p1/identity-memberships/nope`, { role: 'admin' })).status).toBe(404);
    const members = await admin.get(`${emu.url}/api/v2/workspace/p1/identity-memberships`);
    expect(members.json.identityMemberships.find((m: { identityId: string }) => m.identityId === id).roles[0].role).toBe('admin');
  });

  it('an identity that is not an org admin is refused the admin routes (403)', async () => {
    const viewer = authed(await uaLogin(emu, 'viewer-id', 'viewer-secret'));
    const r = await viewer.send('POST', `${emu.url}/api/v1/identities`, { name: 'x', organizationId: ORG_ID });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('PermissionDenied');
    expect((await viewer.send('POST', ua('viewer'), {})).status).toBe(403);
    expect((await viewer.send('POST', `${emu.url}/api/v2/workspace/p1/identity-memberships/writer`, { role: 'admin' })).status).toBe(403);
    expect((await admin.send('POST', `${emu.url}/api/v1/identities`, { name: 'x', organizationId: 'other-org' })).status).toBe(403);
  });
});
