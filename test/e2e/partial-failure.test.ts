// Issue 13, "partial failure never changes who wins": a service folder that could not be read leaves
// its keys unset and named, and the shared folder's value never stands in for it, whether it was
// listed with its root (/services/api/, the default) or alone (--list-each-folder). Also an older
// server's way of refusing a login.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import {
  buildSeed,
  childEnv,
  contract,
  infisicalWarnings,
  ownLines,
  printEnv,
  runWith,
  touchMarker,
  useEmulator,
  type Faults,
} from '../helpers/emulator-env.js';

const emu = useEmulator(
  buildSeed({
    prod: {
      '/services/api/mcp': { MCP_SERVER_HOST: 'mcp.api' },
      '/shared/mcp': { MCP_SERVER_HOST: 'mcp.shared', MCP_SERVER_PORT: '9000' },
    },
  }),
);
const CONTRACTS = { 'nodes/api/contract.yaml': contract({ transport: 'mcp' }) };
const run = (args: string[]) =>
  runWith(emu(), ['--service', 'api', ...args, ...printEnv('MCP_SERVER_HOST', 'MCP_SERVER_PORT')], {}, { cwd: makeTree(CONTRACTS) });
// What failed and what its warning names: by default the root folder whose one recursive listing
// covers the service's folders; with --list-each-folder the folder itself.
const SCOPES = [
  { how: 'one listing per root', args: [], path: '/services/api', named: '/services/api/', shared: '/shared', sharedNamed: '/shared/' },
  {
    how: '--list-each-folder',
    args: ['--list-each-folder'],
    path: '/services/api/mcp',
    named: '/services/api/mcp/',
    shared: '/shared/mcp',
    sharedNamed: '/shared/mcp/',
  },
] as const;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const unset = (named: string): RegExp => new RegExp(`\\(2 keys left unset because ${escape(named)} could not be read: MCP_SERVER_HOST, MCP_SERVER_PORT\\)$`);

const CASES = [
  ['5xx on every try', (secretPath: string): Faults => ({ status5xx: { route: 'list', secretPath } }), []],
  ['a hang past the deadline', (secretPath: string): Faults => ({ hang: { route: 'list', secretPath } }), ['--timeout', '2']],
  [
    '429 whose retry-after is past the deadline',
    (secretPath: string): Faults => ({ rateLimit429: { route: 'list', secretPath, retryAfterSeconds: 60 } }),
    ['--timeout', '2'],
  ],
] as const;

describe.each(SCOPES)('a service folder that could not be read ($how)', (scope) => {
  it('control: with every folder read, the service value wins and the shared one fills the rest', async () => {
    const r = await run([...scope.args]);
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.api', MCP_SERVER_PORT: '9000' });
  });

  it.each(CASES)('%s: its keys stay unset and are named, never taken from /shared', async (_name, faults, args) => {
    emu().setFaults(faults(scope.path));
    const r = await run([...scope.args, ...args]);
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: null, MCP_SERVER_PORT: null });
    const warnings = infisicalWarnings(r.stderr);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`\\(listing ${escape(scope.named)}\\); starting without those secrets`));
    expect(warnings[0]).toMatch(unset(scope.named));
    expect(r.stderr).not.toMatch(/required keys? missing/); // said once, with the reason, not as missing
    expect(emu().stats().byPath[scope.path]).toBeGreaterThanOrEqual(1); // the fault met the request it was meant for
  });

  it('a failed shared folder does not touch what the service folder holds', async () => {
    emu().setFaults({ status5xx: { route: 'list', secretPath: scope.shared } });
    const r = await run([...scope.args]);
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.api', MCP_SERVER_PORT: null });
    expect(infisicalWarnings(r.stderr)[0]).toMatch(
      new RegExp(`\\(1 key left unset because ${escape(scope.sharedNamed)} could not be read: MCP_SERVER_PORT\\)$`),
    );
  });

  it('strict: the run stops, and the keys left unset are listed with the folder', async () => {
    emu().setFaults({ status5xx: { route: 'list', secretPath: scope.path } });
    const marker = join(makeTree({}), 'started');
    const r = await runWith(emu(), ['--service', 'api', '--require', ...scope.args, ...touchMarker(marker)], {}, { cwd: makeTree(CONTRACTS) });
    expect(r.code).toBe(125);
    expect(existsSync(marker)).toBe(false);
    expect(ownLines(r.stderr)).toContain(`secrets-run:   2 keys left unset because ${scope.named} could not be read: MCP_SERVER_HOST, MCP_SERVER_PORT`);
  });
});

describe('an older server (Oct 2024)', () => {
  it('an unknown client id (404 NotFound) is said as refused credentials', async () => {
    emu().setFaults({ legacy: { unknownClientId404: true } });
    const r = await runWith(
      emu(),
      ['--service', 'api', ...printEnv('MCP_SERVER_HOST')],
      { INFISICAL_CLIENT_ID: 'no-such-client' },
      { cwd: makeTree(CONTRACTS) },
    );
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: null });
    expect(infisicalWarnings(r.stderr)[0]).toMatch(/refused the credentials \(HTTP 404: NotFound: No identity with specified client ID was found\)/);
  });
});

describe('an older server rate-limiting with 500 and retry-after', () => {
  it('a wait that fits in the deadline is waited for, and the run gets its secrets', async () => {
    emu().setFaults({ legacy: { rateLimit500: true }, rateLimit429: { route: 'login', times: 1, retryAfterSeconds: 1 } });
    const r = await run(['--timeout', '5']);
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.api', MCP_SERVER_PORT: '9000' });
    expect(emu().stats().statuses['500']).toBe(1);
  });

  it('a wait past the deadline is said as a rate limit, never as a server that kept failing', async () => {
    emu().setFaults({ legacy: { rateLimit500: true }, rateLimit429: { route: 'login', retryAfterSeconds: 48 } });
    const r = await run([]);
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: null, MCP_SERVER_PORT: null });
    const warning = infisicalWarnings(r.stderr)[0];
    expect(warning).toMatch(/rate-limited by \S+ at login \(HTTP 500\): retry after 48 s, past the 10 s deadline/);
    expect(warning).not.toMatch(/kept failing/);
  });
});
