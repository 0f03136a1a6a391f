// Infisical over https: the emulator with a throwaway self-signed certificate (made with node:crypto,
// scripts/self-signed-cert.mjs), trusted through NODE_EXTRA_CA_CERTS as a private CA would be.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator } from '../../emulator/types.js';
import { makeTree } from '../helpers/tree.js';
import { ROOT } from '../helpers/run-cli.js';
import { buildSeed, childEnv, contract, ownLines, printEnv, runWith } from '../helpers/emulator-env.js';
import { startForwardProxy } from '../helpers/forward-proxy.js';

const SEED = buildSeed({
  prod: {
    '/services/billing/mcp': { MCP_SERVER_HOST: 'mcp.billing.tls' },
    '/shared/mcp': { MCP_SERVER_PORT: '9443' },
    '/shared/env': { API_SIGNING_KEY: 'signing.shared.tls' },
  },
});
const CONTRACTS = { 'nodes/api/contract.yaml': contract({ transport: 'mcp', handlers: ['filesystem'], env: ['API_SIGNING_KEY'] }) };
const KEYS = ['MCP_SERVER_HOST', 'MCP_SERVER_PORT', 'API_SIGNING_KEY'];
const ROOTS = 2; // three transports, with a service: six folders under /services/billing/ and /shared/

let dir = '';
let certFile = '';
let emulator: Emulator;
beforeAll(async () => {
  const { selfSignedCert } = (await import(`${ROOT}scripts/self-signed-cert.mjs`)) as { selfSignedCert: () => { cert: string; key: string } };
  const tls = selfSignedCert();
  dir = mkdtempSync(join(tmpdir(), 'secrets-run-tls-'));
  certFile = join(dir, 'ca.pem');
  writeFileSync(certFile, tls.cert);
  emulator = await startEmulator({ seed: SEED, port: 0, tls });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.setFaults({});
  emulator.resetStats();
});

describe('fetching over https', () => {
  it("keys injected, with at most one connection per root folder and the login's", async () => {
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    emulator.setFaults({ latencyMs: 200 });
    const r = await runWith(emulator, ['--service', 'billing', ...printEnv(...KEYS)], { NODE_EXTRA_CA_CERTS: certFile }, { cwd: makeTree(CONTRACTS) });
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.billing.tls', MCP_SERVER_PORT: '9443', API_SIGNING_KEY: 'signing.shared.tls' });
    const stats = emulator.stats();
    expect(stats.total).toBe(1 + ROOTS);
    expect(stats.connections).toBeLessThanOrEqual(1 + ROOTS);
  });

  it('an untrusted certificate: one warning that says so and how to trust a CA; the command still starts', async () => {
    const r = await runWith(emulator, ['--service', 'billing', ...printEnv('MCP_SERVER_HOST')], {}, { cwd: makeTree(CONTRACTS) });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: null });
    expect(ownLines(r.stderr)[0]).toBe(
      `secrets-run: warning: Infisical: cannot reach ${emulator.url}: its TLS certificate is not trusted here ` +
        '(DEPTH_ZERO_SELF_SIGNED_CERT; NODE_EXTRA_CA_CERTS can add a CA) at login; starting without those secrets',
    );
    expect(emulator.stats().total).toBe(0); // refused at the handshake: no request was ever sent
  });

  it('with --require, the same problem stops the run before the command starts (status 125)', async () => {
    const r = await runWith(emulator, ['--service', 'billing', '--require', ...printEnv('MCP_SERVER_HOST')], {}, { cwd: makeTree(CONTRACTS) });
    expect(r.code).toBe(125);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('its TLS certificate is not trusted here (DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('through HTTPS_PROXY: a CONNECT tunnel, the certificate still checked end to end', async () => {
    const proxy = await startForwardProxy();
    try {
      const env = { NODE_EXTRA_CA_CERTS: certFile, HTTPS_PROXY: proxy.url, HTTP_PROXY: 'http://127.0.0.1:9' };
      const r = await runWith(emulator, ['--service', 'billing', ...printEnv(...KEYS)], env, { cwd: makeTree(CONTRACTS) });
      expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.billing.tls', MCP_SERVER_PORT: '9443', API_SIGNING_KEY: 'signing.shared.tls' });
      // Every connection went through the proxy as a tunnel: it saw no request, only where to.
      expect(proxy.requests.length).toBeGreaterThan(0);
      expect(new Set(proxy.requests)).toEqual(new Set([`CONNECT ${new URL(emulator.url).host}`]));
      expect(emulator.stats().total).toBe(1 + ROOTS);
    } finally {
      await proxy.close();
    }
  });
});
