// Helpers for the write/admin route tests: an emulator with a seeded admin token (or a fresh one), and
// calls that carry a bearer token.
import { startEmulator } from '../../emulator/server.js';
import type { Emulator, Faults, Seed } from '../../emulator/types.js';
import { call } from './helpers.js';
import type { Reply } from './helpers.js';

export const ADMIN_TOKEN = 'seeded-admin-token-0123456789';
export const ORG_ID = 'org-1';

/**
 * `p1` has dev/staging/prod with `/shared/db` in prod; `admin` holds the org admin token and is a member
 * of `p1`; `viewer` (UA `viewer-id`/`viewer-secret`) reads `p1`; `writer` is a `member` of `p1`.
 */
export const ADMIN_SEED: Seed = {
  organization: { id: ORG_ID, name: 'Acme' },
  identities: [
    { id: 'admin', name: 'admin', adminToken: ADMIN_TOKEN, projects: ['p1'] },
    { id: 'viewer', clientId: 'viewer-id', clientSecret: 'viewer-secret', projects: ['p1'], roles: { p1: 'viewer' } },
    { id: 'writer', clientId: 'writer-id', clientSecret: 'writer-secret', projects: ['p1'], roles: { p1: 'member' } },
  ],
  projects: {
    p1: {
      slug: 'project-one',
      name: 'Project One',
      environments: { dev: {}, staging: {}, prod: { folders: { '/shared/db': { secrets: { HOST: 'db.internal' } } } } },
    },
  },
};

export function startAdmin(faults?: Faults, seed: Seed = ADMIN_SEED): Promise<Emulator> {
  return startEmulator({ seed, port: 0, ...(faults ? { faults } : {}) });
}

export function startFresh(faults?: Faults): Promise<Emulator> {
  return startAdmin(faults, { identities: [], projects: {} });
}

export function authed(token: string) {
  const headers = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
  return {
    get: (url: string): Promise<Reply> => call(url, { headers: headers() }),
    send: (method: string, url: string, body?: unknown): Promise<Reply> =>
      call(url, { method, headers: headers({ 'content-type': 'application/json' }), body: body === undefined ? '{}' : JSON.stringify(body) }),
  };
}

export async function uaLogin(emu: Emulator, clientId: string, clientSecret: string): Promise<string> {
  const r = await call(`${emu.url}/api/v1/auth/universal-auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, clientSecret }),
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
  return r.json.accessToken as string;
}
