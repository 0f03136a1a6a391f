// Issue 3 acceptance, talking to Infisical: how many requests a run makes, concurrency, retries that
// recover, token expiry, and older servers. Counts come from the emulator's stats. A run lists each
// root folder (/services/billing/, /shared/) once, recursively; --list-each-folder lists each folder.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { waitFor } from '../helpers/launch-proc.js';
import { BUILTIN_TRANSPORTS } from '../../src/contracts/transport-map.js';
import { buildSeed, childEnv, contract, ownLines, printEnv, runWith, useEmulator } from '../helpers/emulator-env.js';

const emu = useEmulator(
  buildSeed({
    prod: {
      '/services/billing/mcp': { MCP_SERVER_HOST: 'mcp.billing' },
      '/shared/mcp': { MCP_SERVER_HOST: 'mcp.shared', MCP_SERVER_PORT: '9000' },
      '/shared/filesystem': { FS_BASE_PATH: '/srv/shared' },
      '/shared/env': { API_SIGNING_KEY: 'signing.shared' },
    },
  }),
);

// Three transports, so six folders with --service billing and three without, under two roots.
const CONTRACTS = { 'nodes/api/contract.yaml': contract({ transport: 'mcp', handlers: ['filesystem'], env: ['API_SIGNING_KEY'] }) };
const KEYS = ['MCP_SERVER_HOST', 'MCP_SERVER_PORT', 'FS_BASE_PATH', 'API_SIGNING_KEY'];
const SERVICE_FOLDERS = ['/services/billing/env', '/services/billing/filesystem', '/services/billing/mcp', '/shared/env', '/shared/filesystem', '/shared/mcp'];
const ROOTS = { '/services/billing': 1, '/shared': 1 }; // each root listed once, recursively
const REQUESTS = 1 + 2; // the login and one list per root
const EXPECTED = { MCP_SERVER_HOST: 'mcp.billing', MCP_SERVER_PORT: '9000', FS_BASE_PATH: '/srv/shared', API_SIGNING_KEY: 'signing.shared' };
const SUMMARY = /^secrets-run: 4 keys from Infisical \(environment prod, service billing\) in \d+ ms$/;

const run = (args: string[] = []) => runWith(emu(), ['--service', 'billing', ...args, ...printEnv(...KEYS)], {}, { cwd: makeTree(CONTRACTS) });

describe('requests per run', () => {
  it('exactly one login and one recursive list per root folder', async () => {
    const r = await run();
    expect(childEnv(r)).toEqual(EXPECTED);
    const stats = emu().stats();
    expect(stats.logins).toBe(1);
    expect(stats.listV4).toBe(2);
    expect(stats.listV3).toBe(0);
    expect(stats.total).toBe(REQUESTS);
    expect(stats.byPath).toEqual(ROOTS);
    expect(stats.recursiveByPath).toEqual(ROOTS);
  });

  it('with --list-each-folder: one login and one plain list per needed folder, the same values', async () => {
    const r = await run(['--list-each-folder']);
    expect(childEnv(r)).toEqual(EXPECTED);
    const stats = emu().stats();
    expect(stats.logins).toBe(1);
    expect(stats.listV4).toBe(6);
    expect(stats.total).toBe(7);
    expect(Object.keys(stats.byPath).sort()).toEqual(SERVICE_FOLDERS);
    expect(Object.values(stats.byPath)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(stats.recursiveByPath).toEqual({});
    // The variable says the same as the flag.
    emu().resetStats();
    const byVariable = await runWith(
      emu(),
      ['--service', 'billing', ...printEnv(...KEYS)],
      { SECRETS_RUN_LIST_EACH_FOLDER: '1' },
      { cwd: makeTree(CONTRACTS) },
    );
    expect(childEnv(byVariable)).toEqual(EXPECTED);
    expect(emu().stats().listV4).toBe(6);
  });

  it('over 20 folders at once (12 transports, a service): two lists, or one request each with --list-each-folder, and nothing on stderr but our own lines', async () => {
    // Beyond the default 10 listeners of the run's deadline signal: Node's leak warning must not show.
    const transports = Object.keys(BUILTIN_TRANSPORTS);
    expect(transports.length).toBeGreaterThanOrEqual(12);
    const cwd = makeTree({ 'nodes/all/contract.yaml': contract({ handlers: transports.slice(0, 12) }) });
    const ownLinesOnly = (stderr: string): void => {
      const lines = stderr.trim().split('\n');
      expect(lines.filter((line) => !line.startsWith('secrets-run: '))).toEqual([]);
      expect(lines).toContainEqual(expect.stringMatching(/^secrets-run: \d+ keys? from Infisical/));
    };
    const recursive = await runWith(emu(), ['--service', 'billing', ...printEnv('MCP_SERVER_HOST')], {}, { cwd });
    expect(childEnv(recursive)).toEqual({ MCP_SERVER_HOST: 'mcp.billing' });
    expect(emu().stats()).toMatchObject({ total: REQUESTS, byPath: ROOTS, recursiveByPath: ROOTS });
    ownLinesOnly(recursive.stderr);

    emu().resetStats();
    const each = await runWith(emu(), ['--service', 'billing', '--list-each-folder', ...printEnv('MCP_SERVER_HOST')], {}, { cwd });
    expect(childEnv(each)).toEqual({ MCP_SERVER_HOST: 'mcp.billing' });
    const stats = emu().stats();
    expect(Object.keys(stats.byPath).length).toBeGreaterThan(20);
    expect(Object.values(stats.byPath).every((n) => n === 1)).toBe(true);
    expect(stats.total).toBe(1 + Object.keys(stats.byPath).length);
    ownLinesOnly(each.stderr);
  });

  it('lists both roots concurrently, and with --list-each-folder all folders', async () => {
    emu().setFaults({ latencyMs: 400 });
    const r = await run();
    expect(childEnv(r)).toEqual(EXPECTED);
    expect(emu().stats().maxConcurrent).toBe(2);
    expect(emu().stats().total).toBe(REQUESTS);
    emu().resetStats();
    const each = await run(['--list-each-folder']);
    expect(childEnv(each)).toEqual(EXPECTED);
    expect(emu().stats().maxConcurrent).toBeGreaterThan(2);
    expect(emu().stats().total).toBe(7);
  });

  it("connections opened while the login is in flight are not wasted: one per root, and the login's", async () => {
    // Were they opened and then passed over, the server would see 1 + 2 spares + 2 more.
    emu().setFaults({ latencyMs: 300 });
    const r = await run();
    expect(childEnv(r)).toEqual(EXPECTED);
    expect(emu().stats().total).toBe(REQUESTS);
    expect(emu().stats().connections).toBeGreaterThanOrEqual(1);
    expect(emu().stats().connections).toBeLessThanOrEqual(REQUESTS);
  });

  it('the wrapper of a command still running holds no connection to Infisical once the keys are in', async () => {
    // The agent's connections are closed a little after the spawn, not at once: they must still close
    // while the command runs. The command runs until the test lets it end.
    const cwd = makeTree(CONTRACTS);
    const stop = join(cwd, 'stop');
    // It also ends by itself after 60 s, should the test fail before it says stop.
    const waitForStop = `const f=${JSON.stringify(stop)};const t=setInterval(()=>{if(require('fs').existsSync(f)){clearInterval(t);console.log(process.env.FS_BASE_PATH)}},20);setTimeout(()=>process.exit(3),60000).unref()`;
    let settled = false;
    const running = runWith(emu(), ['--service', 'billing', '--', process.execPath, '-e', waitForStop], {}, { cwd }).finally(() => (settled = true));
    try {
      await waitFor(() => emu().stats().total === REQUESTS || settled, "the run's three requests");
      expect(emu().stats().openConnections).toBeGreaterThan(0);
      await waitFor(() => emu().stats().openConnections === 0 || settled, "the wrapper's connections to close");
      expect(settled).toBe(false);
      expect(existsSync(stop)).toBe(false);
    } finally {
      writeFileSync(stop, '');
    }
    const r = await running;
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('/srv/shared');
  });

  it('a refused login: the connections opened for the folders are closed, and the run ends at once', async () => {
    // An idle connection left open would hold the process until the server drops it (30 s or more),
    // past runCli's limit.
    emu().setFaults({ latencyMs: 300, wrongCredentials: true });
    const r = await runWith(emu(), ['plan', '--service', 'billing', '--format', 'json'], {}, { cwd: makeTree(CONTRACTS), timeoutMs: 15_000 });
    expect(r.code).toBe(0);
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(/^secrets-run: warning: Infisical: .*refused the credentials/)]);
    expect(emu().stats().total).toBe(1);
  });
});

describe('retries recover', () => {
  it('two 5xx answers are retried: keys injected, no warning, the extra requests show in the stats', async () => {
    emu().setFaults({ status5xx: { times: 2 } });
    const r = await run();
    expect(childEnv(r)).toEqual(EXPECTED);
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(SUMMARY)]);
    const stats = emu().stats();
    expect(stats.statuses['503']).toBe(2);
    expect(stats.total).toBe(REQUESTS + 2);
  });

  it('5xx on one root listing is retried too', async () => {
    emu().setFaults({ status5xx: { times: 2, route: 'list', secretPath: '/shared', status: 502 } });
    const r = await run();
    expect(childEnv(r)).toEqual(EXPECTED);
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(SUMMARY)]);
    const stats = emu().stats();
    expect(stats.statuses['502']).toBe(2);
    expect(stats.byPath).toEqual({ '/services/billing': 1, '/shared': 3 });
    expect(stats.logins).toBe(1);
  });

  it('5xx on one folder listing is retried too (--list-each-folder)', async () => {
    emu().setFaults({ status5xx: { times: 2, route: 'list', secretPath: '/shared/mcp', status: 502 } });
    const r = await run(['--list-each-folder']);
    expect(childEnv(r)).toEqual(EXPECTED);
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(SUMMARY)]);
    const stats = emu().stats();
    expect(stats.statuses['502']).toBe(2);
    expect(stats.byPath['/shared/mcp']).toBe(3);
    expect(stats.logins).toBe(1);
  });

  it('a 429 is retried after its retry-after: keys injected, no warning', async () => {
    emu().setFaults({ rateLimit429: { times: 1, retryAfterSeconds: 1 } });
    const started = Date.now();
    const r = await run();
    const elapsed = Date.now() - started;
    expect(childEnv(r)).toEqual(EXPECTED);
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(SUMMARY)]);
    const stats = emu().stats();
    expect(stats.statuses['429']).toBe(1);
    expect(stats.total).toBe(REQUESTS + 1);
    expect(elapsed).toBeGreaterThanOrEqual(1000); // it waited as asked (a lower bound, never flaky)
  });
});

describe('token expiry', () => {
  it('a born-expired token gets 403 TokenError on the first list; one re-login recovers', async () => {
    emu().setFaults({ tokenTtlSeconds: 0 });
    const r = await run();
    expect(childEnv(r)).toEqual(EXPECTED);
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(SUMMARY)]);
    const stats = emu().stats();
    expect(stats.logins).toBe(2);
    expect(stats.statuses['403']).toBeGreaterThanOrEqual(1);
    // every root was listed successfully once after the re-login
    expect(stats.listV4 - (stats.statuses['403'] ?? 0)).toBe(2);
  });
});

describe('older servers', () => {
  it('without /api/v4/secrets the client falls back to /api/v3/secrets/raw', async () => {
    emu().setFaults({ legacy: { noV4: true } });
    const r = await run();
    expect(childEnv(r)).toEqual(EXPECTED);
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(SUMMARY)]);
    const stats = emu().stats();
    expect(stats.listV3).toBe(2); // every root, once, on v3
    expect(stats.recursiveByPath).toEqual({ '/services/billing': 2, '/shared': 2 }); // recursive on v4, then on v3
    expect(stats.listV4).toBeGreaterThan(0); // v4 was tried first
    expect(stats.logins).toBe(1);
  });

  it('a missing folder answered 200 with empty lists is empty too', async () => {
    emu().setFaults({ legacy: { missingFolderEmpty200: true } });
    // /services/billing/filesystem/ and /env/ do not exist: listed one by one, they answer 200.
    const r = await run(['--list-each-folder']);
    expect(childEnv(r)).toEqual(EXPECTED);
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(SUMMARY)]);
    const stats = emu().stats();
    expect(stats.statuses['404']).toBeUndefined();
    expect(stats.statuses['200']).toBe(7);
  });

  it('a missing root answered 200 with empty lists is empty too: shared fills every key', async () => {
    emu().setFaults({ legacy: { missingFolderEmpty200: true } });
    const r = await runWith(emu(), ['--service', 'ghost', ...printEnv(...KEYS)], {}, { cwd: makeTree(CONTRACTS) });
    expect(childEnv(r)).toEqual({ ...EXPECTED, MCP_SERVER_HOST: 'mcp.shared' });
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(/^secrets-run: 4 keys from Infisical \(environment prod, service ghost\) in \d+ ms$/)]);
    const stats = emu().stats();
    expect(stats.byPath).toEqual({ '/services/ghost': 1, '/shared': 1 });
    expect(stats.statuses['404']).toBeUndefined();
    expect(stats.statuses['200']).toBe(REQUESTS);
  });

  it('both at once: v3 and empty 200s for missing folders', async () => {
    emu().setFaults({ legacy: { noV4: true, missingFolderEmpty200: true } });
    const r = await run();
    expect(childEnv(r)).toEqual(EXPECTED);
    expect(emu().stats().listV3).toBe(2);
    emu().resetStats();
    const each = await run(['--list-each-folder']);
    expect(childEnv(each)).toEqual(EXPECTED);
    expect(emu().stats().listV3).toBe(6);
  });
});
