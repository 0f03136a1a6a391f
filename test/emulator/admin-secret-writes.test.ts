// Secret create and update, v3 raw and v4, and the v4 batch create (docs/emulator.md, Admin routes):
// duplicates are 400 in both generations' words, a missing folder 404, a viewer 403.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { ADMIN_TOKEN, authed, startAdmin, uaLogin } from './admin-helpers.js';

let emu: Emulator;
let writer: ReturnType<typeof authed>;
beforeAll(async () => {
  emu = await startAdmin();
  writer = authed(await uaLogin(emu, 'writer-id', 'writer-secret'));
});
afterEach(() => emu.setFaults({}));
afterAll(async () => {
  await emu.close();
});

const v3 = (method: string, name: string, body: Record<string, unknown>) =>
  writer.send(method, `${emu.url}/api/v3/secrets/raw/${name}`, { workspaceId: 'p1', environment: 'prod', secretPath: '/shared/db', type: 'shared', ...body });
const v4 = (method: string, name: string, body: Record<string, unknown>) =>
  writer.send(method, `${emu.url}/api/v4/secrets/${name}`, { projectId: 'p1', environment: 'prod', secretPath: '/shared/db', ...body });
const read = async (): Promise<Record<string, string>> => {
  const r = await writer.get(`${emu.url}/api/v3/secrets/raw?workspaceId=p1&environment=prod&secretPath=/shared/db`);
  return Object.fromEntries(r.json.secrets.map((s: { secretKey: string; secretValue: string }) => [s.secretKey, s.secretValue]));
};

describe('secret writes', () => {
  it('v3 create then update; the list reads the new values; writes are counted by kind', async () => {
    const before = emu.stats().writes;
    const c = await v3('POST', 'PORT', { secretValue: ' 5432 ' });
    expect(c.status).toBe(200);
    expect(c.json.secret).toMatchObject({ secretKey: 'PORT', secretValue: '5432', type: 'shared', environment: 'prod', secretPath: '/shared/db' });
    const u = await v3('PATCH', 'PORT', { secretValue: '6543' });
    expect(u.status).toBe(200);
    expect((await read()).PORT).toBe('6543');
    const after = emu.stats().writes;
    expect(after.secrets - before.secrets).toBe(1);
    expect(after.secretUpdates - before.secretUpdates).toBe(1);
  });

  it('keeps one trailing newline and accepts an empty value', async () => {
    expect((await v3('POST', 'PEM', { secretValue: 'a\nb\n' })).status).toBe(200);
    expect((await v3('POST', 'EMPTY', { secretValue: '' })).status).toBe(200);
    const values = await read();
    expect(values.PEM).toBe('a\nb\n');
    expect(values.EMPTY).toBe('');
  });

  it('an update without a value echoes "" and leaves the stored value alone', async () => {
    const r = await v3('PATCH', 'HOST', { secretComment: 'primary' });
    expect(r.json.secret.secretValue).toBe('');
    expect((await read()).HOST).toBe('db.internal');
  });

  it('creating an existing key is 400 "Secret already exists" (older server: "already exist"), never 409', async () => {
    const r = await v3('POST', 'HOST', { secretValue: 'x' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: 'BadRequest', message: 'Secret already exists' });
    emu.setFaults({ legacy: { secretAlreadyExist: true } });
    expect((await v3('POST', 'HOST', { secretValue: 'x' })).json.message).toBe('Secret already exist');
    expect((await read()).HOST).toBe('db.internal');
  });

  it('a missing folder is 404; updating a missing key is 404', async () => {
    const r = await v3('POST', 'K', { secretValue: 'v', secretPath: '/shared/nope' });
    expect(r.status).toBe(404);
    expect(r.json.message).toBe("Folder with path '/shared/nope' in environment with slug 'prod' not found");
    const u = await v3('PATCH', 'MISSING', { secretValue: 'v' });
    expect(u.status).toBe(404);
    expect(u.json.message).toBe('Secret with name MISSING not found');
  });

  it('a bad name or a missing value is 422; a project slug resolves on v3', async () => {
    expect((await v3('POST', 'A%3AB', { secretValue: 'v' })).status).toBe(422);
    expect((await v3('POST', 'NOVALUE', {})).status).toBe(422);
    const bySlug = await writer.send('POST', `${emu.url}/api/v3/secrets/raw/BY_SLUG`, {
      projectSlug: 'project-one',
      environment: 'prod',
      secretPath: '/shared/db',
      secretValue: 'v',
    });
    expect(bySlug.status).toBe(200);
  });

  it('v4 create and update; with noV4 the routes are Fastify 404s', async () => {
    expect((await v4('POST', 'V4KEY', { secretValue: 'one' })).status).toBe(200);
    expect((await v4('PATCH', 'V4KEY', { secretValue: 'two' })).status).toBe(200);
    expect((await read()).V4KEY).toBe('two');
    emu.setFaults({ legacy: { noV4: true } });
    const r = await v4('POST', 'V4OTHER', { secretValue: 'x' });
    expect(r.status).toBe(404);
    expect(r.json.error).toBe('Not Found');
  });

  it('v4 batch create: all or nothing, naming every existing key', async () => {
    const url = `${emu.url}/api/v4/secrets/batch`;
    const body = (secrets: unknown[]) => ({ projectId: 'p1', environment: 'prod', secretPath: '/shared/db', secrets });
    const ok = await writer.send(
      'POST',
      url,
      body([
        { secretKey: 'B1', secretValue: '1' },
        { secretKey: 'B2', secretValue: '2' },
      ]),
    );
    expect(ok.status).toBe(200);
    expect(ok.json.secrets.map((s: { secretKey: string }) => s.secretKey)).toEqual(['B1', 'B2']);
    const dup = await writer.send(
      'POST',
      url,
      body([
        { secretKey: 'B3', secretValue: '3' },
        { secretKey: 'B1', secretValue: 'x' },
        { secretKey: 'HOST', secretValue: 'x' },
      ]),
    );
    expect(dup.status).toBe(400);
    expect(dup.json.message).toBe('Secret already exists: B1,HOST');
    expect((await read()).B3).toBeUndefined();
  });

  it('v3 batch create and v3/v4 batch update: all or nothing; an empty batch is 422', async () => {
    const body = (secrets: unknown[], extra: Record<string, unknown> = {}) => ({
      workspaceId: 'p1',
      environment: 'prod',
      secretPath: '/shared/db',
      secrets,
      ...extra,
    });
    const create = await writer.send('POST', `${emu.url}/api/v3/secrets/batch/raw`, body([{ secretKey: 'C1', secretValue: 'one' }]));
    expect(create.status).toBe(200);
    expect(create.json.secrets[0]).toMatchObject({ secretKey: 'C1', secretValue: 'one' });
    const before = emu.stats().writes.secretUpdates;
    const upd = await writer.send(
      'PATCH',
      `${emu.url}/api/v3/secrets/batch/raw`,
      body([
        { secretKey: 'C1', secretValue: 'two' },
        { secretKey: 'HOST', secretComment: 'c' },
      ]),
    );
    expect(upd.status).toBe(200);
    expect(emu.stats().writes.secretUpdates - before).toBe(2);
    const missing = await writer.send('PATCH', `${emu.url}/api/v4/secrets/batch`, {
      ...body([
        { secretKey: 'C1', secretValue: 'three' },
        { secretKey: 'GONE', secretValue: 'x' },
      ]),
      projectId: 'p1',
    });
    expect(missing.status).toBe(404);
    expect(missing.json.message).toBe('Secret does not exist: GONE');
    const values = await read();
    expect(values.C1).toBe('two');
    expect(values.HOST).toBe('db.internal');
    expect((await writer.send('POST', `${emu.url}/api/v3/secrets/batch/raw`, body([]))).status).toBe(422);
  });

  it('a viewer may read but its writes are 403; the org admin token writes in its project', async () => {
    const viewer = authed(await uaLogin(emu, 'viewer-id', 'viewer-secret'));
    const r = await viewer.send('POST', `${emu.url}/api/v3/secrets/raw/VIEWER`, {
      workspaceId: 'p1',
      environment: 'prod',
      secretPath: '/shared/db',
      secretValue: 'v',
    });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ error: 'PermissionDenied', message: 'You are not allowed to create on secrets' });
    expect((await viewer.get(`${emu.url}/api/v3/secrets/raw?workspaceId=p1&environment=prod&secretPath=/shared/db`)).status).toBe(200);
    const admin = authed(ADMIN_TOKEN);
    expect(
      (await admin.send('POST', `${emu.url}/api/v3/secrets/raw/ADMIN`, { workspaceId: 'p1', environment: 'prod', secretPath: '/shared/db', secretValue: 'v' }))
        .status,
    ).toBe(200);
  });
});
