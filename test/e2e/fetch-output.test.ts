// Issue 3 acceptance, output: `plan` online and offline, and what a run prints on stderr
// (summary line, --quiet, --verbose, nothing without INFISICAL_ADDR).
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { runCli } from '../helpers/run-cli.js';
import { buildSeed, childEnv, contract, ownLines, printEnv, runWith, useEmulator } from '../helpers/emulator-env.js';

const emu = useEmulator(
  buildSeed({
    prod: {
      '/services/billing/mcp': { MCP_SERVER_HOST: 'mcp.billing' },
      '/shared/mcp': { MCP_SERVER_HOST: 'mcp.shared', MCP_SERVER_PORT: '9000' },
      '/shared/env': { API_SIGNING_KEY: 'signing.shared' },
    },
  }),
);

// MCP_SERVER_HOST ← /services/billing/mcp, MCP_SERVER_PORT ← /shared/mcp, API_SIGNING_KEY ← /shared/env,
// FS_BASE_PATH ← inherited, LOCAL_ONLY ← .env, NOWHERE ← missing.
const TREE = {
  'nodes/api/contract.yaml': contract({ transport: 'mcp', handlers: ['filesystem'], env: ['API_SIGNING_KEY', 'LOCAL_ONLY', 'NOWHERE?'] }),
  '.env': 'LOCAL_ONLY=from-file\n',
};
const INHERITED = { FS_BASE_PATH: '/inherited' };

interface PlanKey {
  key: string;
  resolution: string;
  folder: string | null;
  folders: string[];
}

describe('secrets-run plan, online', () => {
  it('--format json shows where each key resolves, and the folder for Infisical keys', async () => {
    const cwd = makeTree(TREE);
    const r = await runWith(emu(), ['plan', '--format', 'json', '--service', 'billing'], INHERITED, { cwd });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { environment: string; service: string; keys: PlanKey[] };
    expect(json.environment).toBe('prod');
    expect(json.service).toBe('billing');
    expect(json.keys.map(({ key, resolution, folder }) => ({ key, resolution, folder }))).toEqual([
      { key: 'MCP_SERVER_HOST', resolution: 'infisical', folder: '/services/billing/mcp/' },
      { key: 'MCP_SERVER_PORT', resolution: 'infisical', folder: '/shared/mcp/' },
      { key: 'FS_BASE_PATH', resolution: 'environment', folder: null },
      { key: 'API_SIGNING_KEY', resolution: 'infisical', folder: '/shared/env/' },
      { key: 'LOCAL_ONLY', resolution: 'env-file', folder: null },
      { key: 'NOWHERE', resolution: 'missing', folder: null },
    ]);
    expect(json.keys[0]!.folders).toEqual(['/services/billing/mcp/', '/shared/mcp/']);
    expect(emu().stats().logins).toBe(1);
    expect(r.stdout).not.toMatch(/mcp\.billing|9000|signing\.shared|from-file|\/inherited/); // never values
    expect(r.stderr).toBe('');
  });

  it('the table shows the same resolutions', async () => {
    const cwd = makeTree(TREE);
    const r = await runWith(emu(), ['plan', '--service', 'billing'], INHERITED, { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^MCP_SERVER_HOST\s+mcp\s+yes\s+infisical\s+\/services\/billing\/mcp\/\s/m);
    expect(r.stdout).toMatch(/^MCP_SERVER_PORT\s+mcp\s+yes\s+infisical\s+\/shared\/mcp\/\s/m);
    expect(r.stdout).toMatch(/^FS_BASE_PATH\s+filesystem\s+yes\s+environment\s/m);
    expect(r.stdout).toMatch(/^LOCAL_ONLY\s+env\s+yes\s+env-file\s/m);
    expect(r.stdout).toMatch(/^NOWHERE\s+env\s+no\s+missing\s/m);
  });

  it('--offline gives unknown and makes no request', async () => {
    const cwd = makeTree(TREE);
    const r = await runWith(emu(), ['plan', '--format', 'json', '--offline', '--service', 'billing'], INHERITED, { cwd });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { keys: PlanKey[] };
    expect(json.keys).toHaveLength(6);
    for (const k of json.keys) expect([k.key, k.resolution, k.folder]).toEqual([k.key, 'unknown', null]);
    expect(emu().stats().total).toBe(0);
  });

  it('an unreachable Infisical: the plan is still printed, with one warning', async () => {
    emu().setFaults({ wrongCredentials: true });
    const cwd = makeTree(TREE);
    const r = await runWith(emu(), ['plan', '--format', 'json'], INHERITED, { cwd });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { keys: (PlanKey & { reason?: string })[]; problems: unknown[] };
    // Refused credentials are not absent keys: unknown, with the reason, and a problem of its own.
    const host = json.keys.find((k) => k.key === 'MCP_SERVER_HOST')!;
    expect([host.resolution, host.folder]).toEqual(['unknown', null]);
    expect(host.reason).toMatch(/refused the credentials/);
    expect(json.keys.find((k) => k.key === 'FS_BASE_PATH')).toMatchObject({ resolution: 'environment', folder: null });
    expect(json.problems).toEqual([{ kind: 'infisical', message: expect.stringMatching(/refused the credentials/), code: 'INFISICAL_AUTH_REFUSED' }]);
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(/^secrets-run: warning: Infisical: .*refused the credentials/)]);
    const strict = await runWith(emu(), ['plan', '--format', 'json', '--require'], INHERITED, { cwd });
    expect(strict.code).toBe(125);
    expect(strict.stderr).toMatch(/^secrets-run: {3}Infisical: .*refused the credentials.*\[INFISICAL_AUTH_REFUSED\]$/m);
  });

  it('a failed service root: its keys are unknown, with the root, in the JSON and the table', async () => {
    emu().setFaults({ status5xx: { route: 'list', secretPath: '/services/billing' } });
    const cwd = makeTree(TREE);
    const r = await runWith(emu(), ['plan', '--format', 'json', '--service', 'billing'], INHERITED, { cwd });
    const json = JSON.parse(r.stdout) as { keys: (PlanKey & { reason?: string })[]; problems: { kind: string; message: string }[] };
    expect(json.keys.find((k) => k.key === 'MCP_SERVER_HOST')).toMatchObject({
      resolution: 'unknown',
      folder: null,
      reason: '/services/billing/ could not be read',
    });
    // Every folder below the root failed with it: a key only /shared/env/ holds is unknown too.
    expect(json.keys.find((k) => k.key === 'API_SIGNING_KEY')).toMatchObject({ resolution: 'unknown', reason: '/services/billing/ could not be read' });
    expect(json.problems.map((p) => [p.kind, p.message])).toEqual([
      ['infisical', expect.stringMatching(/kept failing \(HTTP 503\) \(listing \/services\/billing\/\)/)],
    ]);
    const table = await runWith(emu(), ['plan', '--service', 'billing'], INHERITED, { cwd });
    expect(table.stdout).toMatch(/^MCP_SERVER_HOST +mcp +yes +unknown /m);
    expect(table.stdout).toMatch(/^ {2}Infisical: .*kept failing \(HTTP 503\)/m);
  });

  it('a failed service folder (--list-each-folder): its keys are unknown, with the folder', async () => {
    emu().setFaults({ status5xx: { route: 'list', secretPath: '/services/billing/mcp' } });
    const cwd = makeTree(TREE);
    const r = await runWith(emu(), ['plan', '--format', 'json', '--service', 'billing', '--list-each-folder'], INHERITED, { cwd });
    const json = JSON.parse(r.stdout) as { keys: (PlanKey & { reason?: string })[]; problems: { kind: string; message: string }[] };
    expect(json.keys.find((k) => k.key === 'MCP_SERVER_HOST')).toMatchObject({
      resolution: 'unknown',
      folder: null,
      reason: '/services/billing/mcp/ could not be read',
    });
    // The service's other folders were read: a key they could hold resolves as before.
    expect(json.keys.find((k) => k.key === 'API_SIGNING_KEY')).toMatchObject({ resolution: 'infisical', folder: '/shared/env/' });
    expect(json.problems.map((p) => [p.kind, p.message])).toEqual([
      ['infisical', expect.stringMatching(/kept failing \(HTTP 503\) \(listing \/services\/billing\/mcp\/\)/)],
    ]);
  });
});

describe('what a run prints', () => {
  it('by default one summary line on stderr when keys were injected', async () => {
    const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'mcp', env: ['API_SIGNING_KEY'] }) });
    const r = await runWith(emu(), ['--service', 'billing', ...printEnv('MCP_SERVER_HOST')], {}, { cwd });
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.billing' });
    expect(r.stderr).toMatch(/^secrets-run: 3 keys from Infisical \(environment prod, service billing\) in \d+ ms\n$/);
  });

  it('counts only keys that took their value from Infisical; an optional key missing is said under --verbose only', async () => {
    const cwd = makeTree(TREE);
    const r = await runWith(emu(), ['--service', 'billing', ...printEnv('MCP_SERVER_HOST')], INHERITED, { cwd });
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(/^secrets-run: 3 keys from Infisical \(environment prod, service billing\) in \d+ ms$/)]);
    const verbose = await runWith(emu(), ['--verbose', '--service', 'billing', ...printEnv('MCP_SERVER_HOST')], INHERITED, { cwd });
    expect(verbose.stderr).toMatch(/secrets-run: 1 optional key missing: \w+/);
  });

  it('names the required keys missing (up to 10, each with its folder) and says what to do', async () => {
    const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'db', env: ['NOT_ANYWHERE'] }) });
    const r = await runWith(emu(), printEnv('POSTGRES_HOST'), {}, { cwd });
    const line = ownLines(r.stderr).find((l) => /missing/.test(l))!;
    expect(line).toMatch(/^secrets-run: warning: \d+ required keys missing: [A-Z_]+ \(\/shared\/db\/\), /);
    expect(line).toContain('NOT_ANYWHERE (/shared/env/)');
    expect(line).toMatch(
      /; set them in Infisical \(secrets-run seed can copy them from a \.env\), an env file or the environment; secrets-run plan lists every key$/,
    );
  });

  it('--quiet prints nothing on success', async () => {
    const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'mcp' }) });
    const r = await runWith(emu(), ['--quiet', ...printEnv('MCP_SERVER_HOST')], {}, { cwd });
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.shared' });
    expect(r.stderr).toBe('');
  });

  it('--verbose adds the names-only provenance table', async () => {
    const cwd = makeTree(TREE);
    const r = await runWith(
      emu(),
      ['--verbose', '--service', 'billing', ...printEnv('MCP_SERVER_HOST')],
      { ...INHERITED, LOCAL_ONLY: 'inherited-too' },
      { cwd },
    );
    const lines = ownLines(r.stderr);
    expect(lines).toContainEqual(expect.stringMatching(/^secrets-run: {3}MCP_SERVER_HOST\s+infisical\s+\/services\/billing\/mcp\/$/));
    expect(lines).toContainEqual(expect.stringMatching(/^secrets-run: {3}MCP_SERVER_PORT\s+infisical\s+\/shared\/mcp\/$/));
    expect(lines).toContainEqual(expect.stringMatching(/^secrets-run: {3}FS_BASE_PATH\s+environment$/));
    expect(lines).toContainEqual(expect.stringMatching(/^secrets-run: {3}API_SIGNING_KEY\s+infisical\s+\/shared\/env\/$/));
    expect(lines).toContainEqual(expect.stringMatching(/^secrets-run: {3}LOCAL_ONLY\s+environment\s+\(also in env-file\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^secrets-run: {3}NOWHERE\s+missing$/));
    expect(lines).toContainEqual('secrets-run: 1 optional key missing: NOWHERE (/shared/env/)'); // --verbose names the missing key
    expect(r.stderr).not.toMatch(/mcp\.billing|9000|signing\.shared|from-file|inherited-too|\/inherited/);
  });

  it('nothing at all on stderr when INFISICAL_ADDR is unset', async () => {
    const cwd = makeTree(TREE);
    const r = await runCli(printEnv('LOCAL_ONLY', 'MCP_SERVER_HOST'), {
      cwd,
      env: { INFISICAL_CLIENT_ID: 'id', INFISICAL_CLIENT_SECRET: 'secret', INFISICAL_PROJECT_ID: 'p' },
    });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ LOCAL_ONLY: 'from-file', MCP_SERVER_HOST: null });
    expect(r.stderr).toBe('');
    expect(emu().stats().total).toBe(0);
  });

  it('an empty INFISICAL_ADDR counts as unset', async () => {
    const cwd = makeTree(TREE);
    const r = await runWith(emu(), printEnv('LOCAL_ONLY'), { INFISICAL_ADDR: '' }, { cwd });
    expect(childEnv(r)).toEqual({ LOCAL_ONLY: 'from-file' });
    expect(r.stderr).toBe('');
    expect(emu().stats().total).toBe(0);
  });
});
