// Issue 13, item 6: HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured as curl honours them, and a
// proxy's own refusal is said as the proxy's.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { registerSecret } from '../helpers/canary-registry.js';
import { buildSeed, childEnv, contract, infisicalWarnings, printEnv, runWith, useEmulator } from '../helpers/emulator-env.js';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js';
import { makeTree } from '../helpers/tree.js';

const emu = useEmulator(buildSeed({ prod: { '/shared/mcp': { MCP_SERVER_HOST: 'mcp.shared' } } }));
const CONTRACTS = { 'nodes/api/contract.yaml': contract({ transport: 'mcp' }) };
const proxies: ForwardProxy[] = [];
afterEach(async () => Promise.all(proxies.splice(0).map((p) => p.close())));
const proxy = async (options?: { credentials?: string }): Promise<ForwardProxy> => {
  const started = await startForwardProxy(options);
  proxies.push(started);
  return started;
};
const run = (env: Record<string, string>) => runWith(emu(), printEnv('MCP_SERVER_HOST'), env, { cwd: makeTree(CONTRACTS) });
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
};

describe('through a proxy', () => {
  it('HTTP_PROXY: every request goes through it, and the secrets arrive', async () => {
    const through = await proxy();
    const r = await run({ HTTP_PROXY: through.url });
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.shared' });
    expect(through.requests).toHaveLength(emu().stats().total);
    expect(through.requests.map((line) => line.replace(/\?.*/, ''))).toEqual([
      `POST ${emu().url}/api/v1/auth/universal-auth/login`,
      `GET ${emu().url}/api/v4/secrets`,
    ]);
  });

  it('the lower-case name wins, as in curl; NO_PROXY matching the host sends nothing through it', async () => {
    const lower = await proxy();
    const upper = await proxy();
    await run({ http_proxy: lower.url, HTTP_PROXY: upper.url });
    expect([lower.requests.length, upper.requests.length]).toEqual([2, 0]);
    const bypassed = await proxy();
    const r = await run({ HTTP_PROXY: bypassed.url, NO_PROXY: 'example.com, 127.0.0.1' });
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.shared' });
    expect(bypassed.requests).toEqual([]);
  });

  it('a proxy that asks for credentials: said as the proxy refusing, and user:password@ in its URL works, never shown', async () => {
    const password = 'proxy-password-canary-7f3a';
    registerSecret(password);
    const authenticating = await proxy({ credentials: `ci:${password}` });
    const refused = await run({ HTTP_PROXY: authenticating.url });
    expect(childEnv(refused)).toEqual({ MCP_SERVER_HOST: null });
    expect(infisicalWarnings(refused.stderr)[0]).toContain(
      `the proxy ${authenticating.url} refused to carry the request to ${emu().url} at login (HTTP 407: it wants credentials, user:password@ in its URL)`,
    );
    const withCredentials = await run({ HTTP_PROXY: authenticating.url.replace('http://', `http://ci:${password}@`) });
    expect(childEnv(withCredentials)).toEqual({ MCP_SERVER_HOST: 'mcp.shared' });
  });

  it('a proxy that is not there: the warning names it, not only the server', async () => {
    const port = await closedPort();
    const r = await run({ HTTP_PROXY: `http://127.0.0.1:${port}`, SECRETS_RUN_TIMEOUT: '2' });
    expect(r.code).toBe(0);
    expect(infisicalWarnings(r.stderr)[0]).toMatch(new RegExp(`cannot reach ${emu().url} through the proxy http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
  });

  it('a proxy variable that is no URL is a setting to fix, named, its value not shown', async () => {
    const r = await run({ HTTP_PROXY: 'http://[not-a-host' });
    expect(infisicalWarnings(r.stderr)[0]).toContain('HTTP_PROXY is not an http(s) URL');
    expect(r.stderr).not.toContain('not-a-host');
  });
});
