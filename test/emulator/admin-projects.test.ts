// Projects and bootstrap (docs/emulator.md, Admin routes): a taken slug is a 500 as observed, a name
// without a slug always gets a fresh one, bootstrap works once (and not at all on the older server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { ADMIN_TOKEN, authed, startAdmin, startFresh } from './admin-helpers.js';
import { postJson } from './helpers.js';

let emu: Emulator;
const admin = authed(ADMIN_TOKEN);
beforeAll(async () => {
  emu = await startAdmin();
});
afterAll(async () => {
  await emu.close();
});

const create = (body: Record<string, unknown>) => admin.send('POST', `${emu.url}/api/v2/workspace`, body);

describe('projects', () => {
  it('creates a project with the default environments; the creator can list and get it', async () => {
    const r = await create({ projectName: 'Infra', slug: 'omninode-infra', shouldCreateDefaultEnvs: true });
    expect(r.status).toBe(200);
    expect(r.json.project).toMatchObject({ name: 'Infra', slug: 'omninode-infra', orgId: 'org-1' });
    expect(r.json.project._id).toBe(r.json.project.id);
    expect(r.json.project.environments.map((e: { slug: string }) => e.slug)).toEqual(['dev', 'staging', 'prod']);
    const list = await admin.get(`${emu.url}/api/v1/workspace`);
    expect(list.json.workspaces.map((w: { slug: string }) => w.slug)).toEqual(['project-one', 'omninode-infra']);
    const got = await admin.get(`${emu.url}/api/v1/workspace/${r.json.project.id}`);
    expect(got.json.workspace.name).toBe('Infra');
    expect((await admin.get(`${emu.url}/api/v1/workspace/omninode-infra`)).json.workspace.id).toBe(r.json.project.id);
    // Folders can be made in it straight away.
    const folder = await admin.send('POST', `${emu.url}/api/v1/folders`, { workspaceId: r.json.project.id, environment: 'staging', name: 'shared' });
    expect(folder.status).toBe(200);
  });

  it('a taken slug is a 500 (error "Create"), as observed', async () => {
    await create({ projectName: 'Dup', slug: 'dup-slug' });
    const r = await create({ projectName: 'Dup again', slug: 'dup-slug' });
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({ statusCode: 500, error: 'Create', message: 'Something went wrong' });
  });

  it('the same name without a slug is simply another project, with a suffixed slug', async () => {
    const a = await create({ projectName: 'Same Name' });
    const b = await create({ projectName: 'Same Name' });
    expect(a.json.project.slug).toMatch(/^same-name-[a-z0-9]{4}$/);
    expect(b.json.project.id).not.toBe(a.json.project.id);
  });

  it('a bad slug or no name is 422; a non-admin is 403', async () => {
    expect((await create({ projectName: 'x', slug: 'Bad Slug' })).status).toBe(422);
    expect((await create({})).status).toBe(422);
    const viewerLogin = await postJson(`${emu.url}/api/v1/auth/universal-auth/login`, { clientId: 'viewer-id', clientSecret: 'viewer-secret' });
    const viewer = authed(viewerLogin.json.accessToken as string);
    expect((await viewer.send('POST', `${emu.url}/api/v2/workspace`, { projectName: 'x' })).status).toBe(403);
    expect((await viewer.get(`${emu.url}/api/v1/workspace`)).json.workspaces.map((w: { id: string }) => w.id)).toEqual(['p1']);
  });
});

describe('bootstrap', () => {
  const body = { email: 'Admin@Example.com', password: 'pw', organization: 'Omni Node' };

  it('sets up a fresh instance once, with the real shape; its token works; a second call is 400', async () => {
    const fresh = await startFresh();
    try {
      const r = await postJson(`${fresh.url}/api/v1/admin/bootstrap`, body);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        message: 'Successfully bootstrapped instance',
        user: { email: 'admin@example.com', username: 'admin@example.com', firstName: 'Admin', lastName: 'User', superAdmin: true },
        organization: { name: 'Omni Node', slug: 'omni-node', id: expect.any(String) },
        identity: { name: 'Instance Admin Identity', id: expect.any(String), credentials: { token: expect.any(String) } },
      });
      const tok = authed(r.json.identity.credentials.token as string);
      expect((await tok.get(`${fresh.url}/api/v1/organization`)).json.organizations[0].id).toBe(r.json.organization.id);
      const p = await tok.send('POST', `${fresh.url}/api/v2/workspace`, { projectName: 'First' });
      expect(p.status).toBe(200);
      const again = await postJson(`${fresh.url}/api/v1/admin/bootstrap`, body);
      expect(again.status).toBe(400);
      expect(again.json).toMatchObject({ error: 'BadRequest', message: 'Instance has already been set up' });
      expect(fresh.stats().writes).toMatchObject({ bootstraps: 1, projects: 1 });
      // The request log names routes and statuses only, never the token.
      expect(fresh.stats().requests).toEqual([
        'POST admin.bootstrap 200',
        'GET organizations.list 200',
        'POST projects.create 200',
        'POST admin.bootstrap 400',
      ]);
      expect(JSON.stringify(fresh.stats())).not.toContain(r.json.identity.credentials.token);
    } finally {
      await fresh.close();
    }
  });

  it('an instance seeded with an admin token is already set up', async () => {
    const r = await postJson(`${emu.url}/api/v1/admin/bootstrap`, body);
    expect(r.status).toBe(400);
  });

  it('validates the body (422)', async () => {
    const fresh = await startFresh();
    try {
      expect((await postJson(`${fresh.url}/api/v1/admin/bootstrap`, { ...body, email: 'not-an-email' })).status).toBe(422);
      expect((await postJson(`${fresh.url}/api/v1/admin/bootstrap`, { ...body, password: '' })).status).toBe(422);
    } finally {
      await fresh.close();
    }
  });

  it('older server (noBootstrap): no such route, Fastify 404', async () => {
    const fresh = await startFresh({ legacy: { noBootstrap: true } });
    try {
      const r = await postJson(`${fresh.url}/api/v1/admin/bootstrap`, body);
      expect(r.status).toBe(404);
      expect(r.json).toEqual({ message: 'Route POST:/api/v1/admin/bootstrap not found', error: 'Not Found', statusCode: 404 });
    } finally {
      await fresh.close();
    }
  });
});
