// Folder list and create (docs/emulator.md, Admin routes), both generations' answer to an existing folder.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { ADMIN_TOKEN, authed, startAdmin, uaLogin } from './admin-helpers.js';
import { call } from './helpers.js';

let emu: Emulator;
const admin = authed(ADMIN_TOKEN);
beforeAll(async () => {
  emu = await startAdmin();
});
afterEach(() => emu.setFaults({}));
afterAll(async () => {
  await emu.close();
});

const create = (body: Record<string, unknown>) => admin.send('POST', `${emu.url}/api/v1/folders`, { workspaceId: 'p1', environment: 'dev', ...body });
const list = (path: string, env = 'dev') => admin.get(`${emu.url}/api/v1/folders?workspaceId=p1&environment=${env}&path=${encodeURIComponent(path)}`);

describe('folders', () => {
  it('creates a folder and lists it under its parent, with the real shape', async () => {
    const r = await create({ name: 'shared', path: '/' });
    expect(r.status).toBe(200);
    expect(r.json.folder).toMatchObject({ name: 'shared', path: '/shared', version: 1, isReserved: false, id: expect.any(String), envId: expect.any(String) });
    const l = await list('/');
    expect(l.status).toBe(200);
    expect(l.json.folders.map((f: { name: string }) => f.name)).toEqual(['shared']);
    // v2 reads `projectId`
    const v2 = await admin.get(`${emu.url}/api/v2/folders?projectId=p1&environment=dev&path=/`);
    expect(v2.json.folders.map((f: { name: string }) => f.name)).toEqual(['shared']);
  });

  it('newer servers: an existing folder is 400 "already exists"', async () => {
    await create({ name: 'kafka', path: '/' });
    const r = await create({ name: 'kafka', path: '/' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: 'BadRequest', message: "Folder with name 'kafka' already exists in path '/'" });
  });

  it('older server (existingFolder200): an existing folder is 200 with that folder', async () => {
    const first = await create({ name: 'valkey', path: '/' });
    emu.setFaults({ legacy: { existingFolder200: true } });
    const again = await create({ name: 'valkey', path: '/' });
    expect(again.status).toBe(200);
    expect(again.json.folder.id).toBe(first.json.folder.id);
    expect(emu.stats().writes.folders).toBeGreaterThan(0);
  });

  it('creates missing parents of a nested path (mkdir -p), counting each folder made', async () => {
    const before = emu.stats().writes.folders;
    const r = await create({ name: 'leaf', path: '/a/b' });
    expect(r.status).toBe(200);
    expect(r.json.folder.path).toBe('/a/b/leaf');
    expect(emu.stats().writes.folders - before).toBe(3);
    expect((await list('/a')).json.folders.map((f: { path: string }) => f.path)).toEqual(['/a/b']);
  });

  it('a path that does not exist lists as empty; an unknown environment is 404', async () => {
    expect((await list('/nowhere')).json).toEqual({ folders: [] });
    const r = await list('/', 'qa');
    expect(r.status).toBe(404);
    expect(r.json.message).toBe("Environment with slug 'qa' in project with ID 'p1' not found");
    expect((await create({ name: 'x', environment: 'qa' })).status).toBe(404);
  });

  it('a name with other characters is 422; a missing one too', async () => {
    const bad = await create({ name: 'a/b' });
    expect(bad.status).toBe(422);
    expect(bad.json.message[0].path).toEqual(['name']);
    expect((await create({ name: undefined })).status).toBe(422);
  });

  it('a viewer may list folders but not create one (403)', async () => {
    const viewer = authed(await uaLogin(emu, 'viewer-id', 'viewer-secret'));
    expect((await viewer.get(`${emu.url}/api/v1/folders?workspaceId=p1&environment=prod&path=/shared`)).json.folders[0].name).toBe('db');
    const r = await viewer.send('POST', `${emu.url}/api/v1/folders`, { workspaceId: 'p1', environment: 'prod', name: 'new' });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('PermissionDenied');
  });

  it('an empty bearer token is 403 TokenError; an unknown project 404', async () => {
    expect((await authed('').get(`${emu.url}/api/v1/folders?workspaceId=p1&environment=dev`)).status).toBe(403);
    expect((await create({ workspaceId: 'nope', name: 'x' })).status).toBe(404);
  });

  it('checks the token before the body, as the auth hook runs before validation', async () => {
    const r = await call(`${emu.url}/api/v1/folders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a/b"}' });
    expect(r.status).toBe(401);
    expect(r.json.message).toBe('Token missing');
  });
});
