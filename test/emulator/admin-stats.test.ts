// What tests of provision and seed assert on (docs/emulator.md, Stats): writes by kind, the request log,
// the `writes` limit class and faults scoped to the write or read routes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { fileURLToPath } from 'node:url';
import { buildStore, loadSeed } from '../../emulator/seed.js';
import { ADMIN_TOKEN, ORG_ID, authed, startAdmin } from './admin-helpers.js';

let emu: Emulator;
const admin = authed(ADMIN_TOKEN);
beforeAll(async () => {
  emu = await startAdmin();
});
afterEach(() => {
  emu.setFaults({});
  emu.resetStats();
});
afterAll(async () => {
  await emu.close();
});

/** A provision-like pass that looks up before creating: folders, then an identity by name. */
async function ensure(): Promise<void> {
  const listed = await admin.get(`${emu.url}/api/v1/folders?workspaceId=p1&environment=dev&path=/`);
  if (!listed.json.folders.some((f: { name: string }) => f.name === 'shared')) {
    await admin.send('POST', `${emu.url}/api/v1/folders`, { workspaceId: 'p1', environment: 'dev', name: 'shared' });
  }
  const found = await admin.send('POST', `${emu.url}/api/v1/identities/search`, { search: { name: 'runtime' } });
  if (found.json.identities.length === 0) await admin.send('POST', `${emu.url}/api/v1/identities`, { name: 'runtime', organizationId: ORG_ID });
}

describe('stats of the write routes', () => {
  it('a re-run that looks up first shows in the request log as reads only', async () => {
    await ensure();
    expect(emu.stats().requests).toEqual(['GET folders.list 200', 'POST folders.create 200', 'POST identities.search 200', 'POST identities.create 200']);
    emu.resetStats();
    await ensure();
    const { requests, writes } = emu.stats();
    expect(requests).toEqual(['GET folders.list 200', 'POST identities.search 200']);
    expect(Object.values(writes).every((n) => n === 0)).toBe(true);
    expect(requests.some((line) => /\.create /.test(line))).toBe(false);
  });

  it('a failed write is logged with its status and not counted', async () => {
    await admin.send('POST', `${emu.url}/api/v1/folders`, { workspaceId: 'p1', environment: 'dev', name: 'shared' });
    emu.resetStats();
    await admin.send('POST', `${emu.url}/api/v1/folders`, { workspaceId: 'p1', environment: 'dev', name: 'shared' });
    expect(emu.stats().requests).toEqual(['POST folders.create 400']);
    expect(emu.stats().writes.folders).toBe(0);
  });

  it('the writes class limits admin writes per address (default 200; here 2), not the secrets class', async () => {
    emu.setFaults({ limits: { writes: 2 } });
    const make = () => admin.send('POST', `${emu.url}/api/v1/identities`, { name: 'limited', organizationId: ORG_ID });
    expect((await make()).headers.get('x-ratelimit-limit')).toBe('2');
    expect((await make()).status).toBe(200);
    const refused = await make();
    expect(refused.status).toBe(429);
    expect(refused.json.error).toBe('RateLimitExceeded');
    // Folder creates count against `secrets` (60 by default), as the real route does.
    const folder = await admin.send('POST', `${emu.url}/api/v1/folders`, { workspaceId: 'p1', environment: 'dev', name: 'other' });
    expect(folder.status).toBe(200);
    expect(folder.headers.get('x-ratelimit-limit')).toBe('60');
  });

  it('faults can target the write routes or the admin reads alone', async () => {
    emu.setFaults({ status5xx: { route: 'read', times: 1 } });
    expect((await admin.get(`${emu.url}/api/v1/folders?workspaceId=p1&environment=dev&path=/`)).status).toBe(503);
    expect((await admin.get(`${emu.url}/api/v1/folders?workspaceId=p1&environment=dev&path=/`)).status).toBe(200);
    emu.setFaults({ status5xx: { route: 'write', times: 1 } });
    expect((await admin.get(`${emu.url}/api/v1/workspace`)).status).toBe(200);
    expect((await admin.send('POST', `${emu.url}/api/v1/folders`, { workspaceId: 'p1', environment: 'dev', name: 'faulted' })).status).toBe(503);
    expect(emu.stats().writes.folders).toBe(0);
  });
});

describe('seed fields of the admin side', () => {
  it('reads roles, names and admin tokens, and refuses a bad role', () => {
    const store = buildStore({
      identities: [
        { id: 'a', name: 'Alpha', adminToken: 't', projects: ['p'], roles: { p: 'viewer' } },
        { id: 'b', projects: ['p'] },
      ],
      projects: { p: { name: 'P', environments: {} } },
    });
    expect(store.identities.get('a')).toMatchObject({ name: 'Alpha', orgAdmin: true });
    expect(store.identities.get('a')?.roles.get('p')).toBe('viewer');
    expect(store.identities.get('b')?.roles.get('p')).toBe('admin');
    expect(store.projects.get('p')?.name).toBe('P');
    expect(store.org).toBeDefined();
    const fresh = loadSeed(fileURLToPath(new URL('../../fixtures/emulator/fresh-seed.json', import.meta.url)));
    expect(fresh.org).toBeUndefined();
    expect(fresh.identities.size + fresh.projects.size).toBe(0);
    expect(() => buildStore({ identities: [{ id: 'a', projects: ['p'], roles: { p: 'owner' } }], projects: {} })).toThrow(/roles\.p/);
    expect(() => buildStore({ identities: [{ id: 'a', projects: [], roles: { p: 'viewer' } }], projects: {} })).toThrow(/not in/);
  });
});
