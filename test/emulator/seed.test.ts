import { describe, expect, it } from 'vitest';
import { buildStore, loadSeed, normalizePath } from '../../emulator/seed.js';
import { startEmulator } from '../../emulator/server.js';
import { SEED_PATH } from './helpers.js';

describe('seed loading', () => {
  it('normalises paths', () => {
    expect(normalizePath('/shared/db/')).toBe('/shared/db');
    expect(normalizePath('')).toBe('/');
    expect(normalizePath('a//b')).toBe('/a/b');
  });

  it('creates implicit parent folders and the root of each environment', () => {
    const store = loadSeed(SEED_PATH);
    const folders = store.projects.get('test-project')?.envs.get('prod')?.folders;
    expect([...(folders?.keys() ?? [])]).toEqual(expect.arrayContaining(['/', '/shared', '/services', '/services/demo-api', '/services/demo-api/db']));
    expect(store.projects.get('other-project')?.envs.get('prod')?.folders.has('/')).toBe(true);
  });

  it('stores folder keys without a trailing slash and models hidden / multi-line secrets', () => {
    const store = buildStore({
      identities: [],
      projects: { p: { environments: { e: { folders: { '/x/': { secrets: { A: 'a', H: { value: 'h', hidden: true } } } } } } } },
    });
    const folder = store.projects.get('p')?.envs.get('e')?.folders.get('/x');
    expect(folder?.secrets.map((s) => [s.key, s.value, s.hidden])).toEqual([
      ['A', 'a', false],
      ['H', 'h', true],
    ]);
  });

  it('gives secrets stable ids', () => {
    const a = loadSeed(SEED_PATH).projects.get('test-project')?.envs.get('prod')?.folders.get('/shared/db')?.secrets[0]?.id;
    const b = loadSeed(SEED_PATH).projects.get('test-project')?.envs.get('prod')?.folders.get('/shared/db')?.secrets[0]?.id;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).toBe(b);
  });

  it('fails loudly on malformed seeds', () => {
    expect(() => buildStore({ identities: [{ clientId: 'x' }], projects: {} })).toThrow(/identities\[0\]/);
    expect(() => buildStore({ identities: [], projects: { p: {} } })).toThrow(/projects\.p/);
    expect(() => buildStore({ identities: [], projects: { p: { environments: { e: { folders: { '/a': { secrets: { K: 1 } } } } } } } })).toThrow(/secrets\.K/);
    expect(() => buildStore({ identities: [], projects: { p: { environments: { e: { folders: { '/a': { imports: [{ path: '/b' }] } } } } } } })).toThrow(
      /imports/,
    );
    expect(() => loadSeed('/nonexistent/seed.json')).toThrow(/cannot read emulator seed/);
  });

  it('keys identities by id (default: clientId), with UA credentials, OIDC or Kubernetes auth', () => {
    const store = buildStore({
      identities: [
        { clientId: 'c', clientSecret: 's', projects: ['p'] },
        { id: 'both', clientId: 'c2', clientSecret: 's2', oidc: { boundSubject: 'x' }, projects: [] },
        { id: 'k8s', kubernetes: { allowedNamespaces: 'apps' }, projects: [] },
      ],
      projects: {},
    });
    expect([...store.identities.keys()]).toEqual(['c', 'both', 'k8s']);
    expect([...store.byClientId.keys()]).toEqual(['c', 'c2']);
    expect(store.identities.get('both')).toMatchObject({ universalAuth: { clientId: 'c2', clientSecret: 's2' }, oidc: { boundSubject: 'x' } });
    expect(store.identities.get('k8s')?.universalAuth).toBeUndefined();
  });

  it('fails loudly on malformed machine-identity settings', () => {
    const identity = (extra: Record<string, unknown>) => () => buildStore({ identities: [{ projects: [], ...extra }], projects: {} });
    expect(identity({ clientSecret: 's', id: 'x' })).toThrow(/together, or neither/);
    expect(identity({ oidc: {} })).toThrow(/needs an id/);
    expect(identity({ id: 'x', oidc: { boundSubjects: 'typo' } })).toThrow(/oidc\.boundSubjects: unknown field/);
    expect(identity({ id: 'x', oidc: { boundClaims: { a: 1 } } })).toThrow(/boundClaims/);
    expect(identity({ id: 'x', kubernetes: { allowedNamespaces: ['a'] } })).toThrow(/allowedNamespaces: must be a string/);
    expect(() =>
      buildStore({
        identities: [
          { id: 'x', projects: [] },
          { id: 'x', projects: [] },
        ],
        projects: {},
      }),
    ).toThrow(/duplicate id 'x'/);
  });

  it('accepts a seed object in startEmulator', async () => {
    const emu = await startEmulator({ seed: { identities: [], projects: {} }, port: 0 });
    try {
      expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await emu.close();
    }
  });
});
