import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { call, listV3, listV4, login, postJson, start, token } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await start();
});
afterEach(async () => {
  await emu.close();
});

describe('stats', () => {
  it('counts logins, lists per version and path (recursive ones apart too), and statuses', async () => {
    const tok = await token(emu);
    await login(emu, 'test-client-id', 'wrong');
    await listV4(emu, tok, { secretPath: '/shared/db/' });
    await listV4(emu, tok, { secretPath: '/nope' });
    await listV3(emu, tok, { secretPath: '/shared/db' });
    await listV4(emu, tok, { secretPath: '/shared/', recursive: 'true' });
    await listV3(emu, tok, { secretPath: '/shared', recursive: 'false' });
    await call(`${emu.url}/api/status`);
    expect(emu.stats()).toEqual({
      total: 8,
      logins: 2,
      loginsByMethod: { 'universal-auth': 2, 'oidc-auth': 0, kubernetes: 0 },
      githubTokens: 0,
      githubAudiences: [],
      listV4: 3,
      listV3: 2,
      byPath: { '/shared/db': 2, '/nope': 1, '/shared': 2 },
      recursiveByPath: { '/shared': 1 },
      statuses: { '200': 6, '401': 1, '404': 1 },
      maxConcurrent: 1,
      connections: expect.any(Number),
      openConnections: expect.any(Number),
      writes: { bootstraps: 0, projects: 0, folders: 0, secrets: 0, secretUpdates: 0, identities: 0, universalAuth: 0, clientSecrets: 0, memberships: 0 },
      requests: [
        'POST login.universal-auth 200',
        'POST login.universal-auth 401',
        'GET secrets.list 200',
        'GET secrets.list 404',
        'GET secrets.list 200',
        'GET secrets.list 200',
        'GET secrets.list 200',
        'GET status 200',
      ],
    });
    emu.resetStats();
    expect(emu.stats()).toMatchObject({ total: 0, logins: 0, byPath: {}, recursiveByPath: {}, statuses: {}, requests: [] });
  });

  it('tracks the highest number of requests in flight at once', async () => {
    const tok = await token(emu);
    // Hung requests stay in flight until close(), which makes the count deterministic.
    emu.setFaults({ hang: { route: 'list' } });
    emu.resetStats();
    const pending = Array.from({ length: 5 }, () => listV4(emu, tok, { secretPath: '/shared/db' }).catch(() => 'closed'));
    await vi.waitFor(() => expect(emu.stats().maxConcurrent).toBe(5));
    await emu.close();
    expect(await Promise.all(pending)).toEqual(Array(5).fill('closed'));
  });

  it('counts connections, including those that never carry a request', async () => {
    emu.resetStats();
    const { port } = new URL(emu.url);
    const sockets = Array.from({ length: 3 }, () => connect(Number(port), '127.0.0.1'));
    await vi.waitFor(() => expect(emu.stats().connections).toBe(3));
    expect(emu.stats().total).toBe(0);
    for (const socket of sockets) socket.destroy();
  });

  it('knows how many connections are open now', async () => {
    const { port } = new URL(emu.url);
    const sockets = Array.from({ length: 3 }, () => connect(Number(port), '127.0.0.1'));
    await vi.waitFor(() => expect(emu.stats().openConnections).toBe(3));
    emu.resetStats();
    expect(emu.stats().openConnections).toBe(3);
    sockets[0]!.destroy();
    await vi.waitFor(() => expect(emu.stats().openConnections).toBe(2));
    for (const socket of sockets) socket.destroy();
    await vi.waitFor(() => expect(emu.stats().openConnections).toBe(0));
  });
});

describe('control endpoints', () => {
  it('reports health and stats without counting themselves', async () => {
    await token(emu);
    expect((await call(`${emu.url}/__emulator/health`)).json).toEqual({ status: 'ok' });
    const stats = (await call(`${emu.url}/__emulator/stats/`)).json;
    expect(stats).toMatchObject({ total: 1, logins: 1 });
    expect((await postJson(`${emu.url}/__emulator/stats/reset`, {})).status).toBe(200);
    expect(emu.stats().total).toBe(0);
  });

  it('sets faults over HTTP, and rejects invalid ones with a 400', async () => {
    const set = await postJson(`${emu.url}/__emulator/faults`, { wrongCredentials: true });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ wrongCredentials: true });
    expect((await login(emu)).status).toBe(401);
    expect((await call(`${emu.url}/__emulator/faults`)).json).toEqual({ wrongCredentials: true });
    const bad = await postJson(`${emu.url}/__emulator/faults`, { latencyMs: 'slow' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/latencyMs/);
    // A misspelled knob is refused too: it would otherwise do nothing.
    const typo = await postJson(`${emu.url}/__emulator/faults`, { wrongCredential: true });
    expect(typo.status).toBe(400);
    expect(typo.json.message).toMatch(/unknown knob 'wrongCredential'/);
    // A rejected update leaves the earlier faults in place.
    expect((await login(emu)).status).toBe(401);
  });

  it('sets the per-IP limits over HTTP, and the limits never count control requests', async () => {
    const set = await postJson(`${emu.url}/__emulator/faults`, { limits: { auth: 1 } });
    expect(set.json).toEqual({ limits: { auth: 1 } });
    for (let i = 0; i < 3; i++) expect((await call(`${emu.url}/__emulator/stats`)).headers.get('x-ratelimit-limit')).toBeNull();
    expect((await login(emu)).headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await login(emu)).status).toBe(429);
    expect((await postJson(`${emu.url}/__emulator/faults`, { limits: { auth: 'many' } })).json.message).toMatch(/limits\.auth/);
  });

  it('is not subject to faults', async () => {
    emu.setFaults({ status5xx: {}, hang: {} });
    expect((await call(`${emu.url}/__emulator/health`)).status).toBe(200);
    expect((await postJson(`${emu.url}/__emulator/faults`, {})).status).toBe(200);
    expect((await login(emu)).status).toBe(200);
  });

  it('answers unknown control paths with a 404', async () => {
    expect((await call(`${emu.url}/__emulator/nope`)).status).toBe(404);
  });
});

describe('request log', () => {
  it('logs method, path and status only when SECRETS_RUN_EMULATOR_LOG=1, never secrets or tokens', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    vi.stubEnv('SECRETS_RUN_EMULATOR_LOG', '1');
    const logged = await start();
    try {
      const tok = await token(logged);
      await listV4(logged, tok, { secretPath: '/shared/db', expandSecretReferences: 'true' });
      const text = lines.join('');
      expect(text).toContain('POST /api/v1/auth/universal-auth/login 200');
      expect(text).toContain('GET /api/v4/secrets 200');
      for (const leak of ['test-client-secret', tok, 'db.internal', 'secretPath=']) expect(text).not.toContain(leak);
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
      await logged.close();
    }
  });
});
