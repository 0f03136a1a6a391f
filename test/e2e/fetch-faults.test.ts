// Issue 3 acceptance, faults: every emulator fault knob in lenient mode (the child starts, one
// warning about Infisical) and in strict mode (exit 125, the child never started, the problem listed),
// and the overall deadline against a hanging server.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import {
  OUTSIDER_ID,
  OUTSIDER_SECRET,
  buildSeed,
  childEnv,
  contract,
  infisicalWarnings,
  otherLines,
  hintLines,
  ownLines,
  printEnv,
  runWith,
  touchMarker,
  useEmulator,
} from '../helpers/emulator-env.js';
import { FAULT_CASES, type FaultCase } from '../helpers/emulator-faults.js';

const emu = useEmulator(
  buildSeed({
    prod: {
      '/shared/mcp': { MCP_SERVER_HOST: 'mcp.shared', MCP_SERVER_PORT: '9000' },
      '/shared/filesystem': { FS_BASE_PATH: '/srv/shared' },
      // Read only with --service api: two roots, one of which can fail alone.
      '/services/api/mcp': { MCP_SERVER_HOST: 'mcp.api' },
    },
  }),
);

// Two folders: /shared/mcp/ and /shared/filesystem/. Every planned key is in Infisical, so a strict
// run can only fail because of the fault.
const CONTRACTS = { 'nodes/api/contract.yaml': contract({ transport: 'mcp', handlers: ['filesystem'] }) };
const KEYS = ['MCP_SERVER_HOST', 'MCP_SERVER_PORT', 'FS_BASE_PATH'];
const NONE = { MCP_SERVER_HOST: null, MCP_SERVER_PORT: null, FS_BASE_PATH: null };
// Hang guard only: a run that should end at its deadline must not take anywhere near this long.
const HANG_GUARD_MS = 8000;

// The credentials a fault case runs with, layered over the seed's own identity.
const credentials = (c: FaultCase): Record<string, string | undefined> =>
  c.identity === 'outsider'
    ? { INFISICAL_CLIENT_ID: OUTSIDER_ID, INFISICAL_CLIENT_SECRET: OUTSIDER_SECRET }
    : c.identity === 'refused-token'
      ? { INFISICAL_TOKEN: 'not-a-token', INFISICAL_CLIENT_ID: undefined, INFISICAL_CLIENT_SECRET: undefined }
      : {};

describe('each fault, lenient: the child starts, one warning about Infisical', () => {
  it.each(FAULT_CASES)('$name', async (c) => {
    const { faults, args = [], problem } = c;
    emu().setFaults(faults);
    const started = Date.now();
    const r = await runWith(emu(), [...args, ...printEnv(...KEYS)], credentials(c), { cwd: makeTree(CONTRACTS) });
    expect(Date.now() - started).toBeLessThan(HANG_GUARD_MS);
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual(NONE); // it started, without those secrets
    const warnings = infisicalWarnings(r.stderr);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(problem);
    expect(otherLines(r.stderr)).toEqual([]); // besides it, at most "N required keys missing"
    expect(hintLines(r.stderr)).toHaveLength(1); // and what to do about it
  });
});

describe('each fault, strict (--require): exit 125, the child never started, the problem listed', () => {
  it.each(FAULT_CASES)('$name', async (c) => {
    const { faults, args = [], problem } = c;
    emu().setFaults(faults);
    const marker = join(makeTree({}), 'started');
    const r = await runWith(emu(), ['--require', ...args, ...touchMarker(marker)], credentials(c), { cwd: makeTree(CONTRACTS) });
    expect(r.code).toBe(125);
    expect(existsSync(marker)).toBe(false);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^secrets-run: error: --require: \d+ problems?, the command was not started \[STRICT_FAILED\]$/m);
    // Strict lists every problem: one line per distinct cause (folders failing alike share one).
    const infisical = ownLines(r.stderr).filter((l) => l.startsWith('secrets-run:   Infisical: '));
    expect(infisical.length).toBeGreaterThanOrEqual(1);
    for (const line of infisical) expect(line).toMatch(problem);
  });

  it('the same run without the fault starts the child (the marker works)', async () => {
    const marker = join(makeTree({}), 'started');
    const r = await runWith(emu(), ['--require', ...touchMarker(marker)], {}, { cwd: makeTree(CONTRACTS) });
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });
});

describe('the deadline', () => {
  it('a hanging server: --timeout 1 ends the fetch and the child runs', async () => {
    emu().setFaults({ hang: {} });
    const started = Date.now();
    const r = await runWith(emu(), ['--timeout', '1', ...printEnv(...KEYS)], {}, { cwd: makeTree(CONTRACTS) });
    expect(Date.now() - started).toBeLessThan(HANG_GUARD_MS);
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual(NONE);
  });

  it('with nothing to list, a login that hangs is not waited for, and says nothing, strict or not', async () => {
    // A contract that needs no key: Infisical is not needed, so neither its answer nor the deadline is.
    // (No contract at all is a warning of its own, and a problem under --require.)
    emu().setFaults({ hang: { route: 'login' } });
    const cwd = makeTree({ '.env': 'FROM_FILE=yes\n', 'contract.yaml': 'metadata: {transport_type: inmemory}\n' });
    for (const flags of [[], ['--require']]) {
      const started = Date.now();
      const r = await runWith(emu(), ['--timeout', '60', ...flags, ...printEnv('FROM_FILE')], {}, { cwd, timeoutMs: 30_000 });
      expect(Date.now() - started).toBeLessThan(HANG_GUARD_MS);
      expect([r.code, childEnv(r), r.stderr]).toEqual([0, { FROM_FILE: 'yes' }, '']);
    }
    expect(emu().stats().logins).toBe(2);
    // Nor do settings that would stop it: Infisical was not needed.
    const r = await runWith(emu(), ['--require', ...printEnv('FROM_FILE')], { INFISICAL_PROJECT_ID: undefined }, { cwd });
    expect([r.code, childEnv(r), r.stderr]).toEqual([0, { FROM_FILE: 'yes' }, '']);
  });

  it('with nothing to list, the roots asked for ahead of the plan are abandoned, failing or hung, and say nothing', async () => {
    // The roots are asked for before any contract is read (src/pipeline/start-fetch.ts): a run that
    // then needs no key owes nothing to their answers.
    const cwd = makeTree({ '.env': 'FROM_FILE=yes\n', 'contract.yaml': 'metadata: {transport_type: inmemory}\n' });
    for (const faults of [
      { hang: { route: 'list' as const } },
      { status5xx: { route: 'list' as const, status: 500 } },
      { wrongShape: { route: 'list' as const } },
    ]) {
      emu().setFaults(faults);
      emu().resetStats();
      for (const flags of [[], ['--require']]) {
        const started = Date.now();
        const r = await runWith(emu(), ['--timeout', '60', '--service', 'api', ...flags, ...printEnv('FROM_FILE')], {}, { cwd, timeoutMs: 30_000 });
        expect(Date.now() - started).toBeLessThan(HANG_GUARD_MS);
        expect([r.code, childEnv(r), r.stderr]).toEqual([0, { FROM_FILE: 'yes' }, '']);
      }
    }
  });

  // One folder of a root hanging can only be seen when each folder has its own request.
  it('folders that arrived before the deadline are kept; only the hung one is missing (--list-each-folder)', async () => {
    emu().setFaults({ hang: { route: 'list', secretPath: '/shared/filesystem' } });
    const started = Date.now();
    // 2 s rather than 1: room for the other folder to arrive on a busy machine.
    const r = await runWith(emu(), ['--list-each-folder', '--timeout', '2', ...printEnv(...KEYS)], {}, { cwd: makeTree(CONTRACTS) });
    expect(Date.now() - started).toBeLessThan(HANG_GUARD_MS);
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.shared', MCP_SERVER_PORT: '9000', FS_BASE_PATH: null });
    const warnings = infisicalWarnings(r.stderr);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no answer .* within 2 s \(listing \/shared\/filesystem\/\)/);
    expect(emu().stats().byPath['/shared/mcp']).toBe(1);
    expect(ownLines(r.stderr)).toContainEqual(expect.stringMatching(/^secrets-run: 2 keys from Infisical \(environment prod\) in \d+ ms$/));
  });

  it('roots that arrived before the deadline are kept; only the hung one is missing', async () => {
    // /services/api/ arrives and its value is kept; /shared/ hangs, and the keys that could be in it
    // are left unset and named with it.
    emu().setFaults({ hang: { route: 'list', secretPath: '/shared' } });
    const started = Date.now();
    const r = await runWith(emu(), ['--service', 'api', '--timeout', '2', ...printEnv(...KEYS)], {}, { cwd: makeTree(CONTRACTS) });
    expect(Date.now() - started).toBeLessThan(HANG_GUARD_MS);
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.api', MCP_SERVER_PORT: null, FS_BASE_PATH: null });
    const warnings = infisicalWarnings(r.stderr);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no answer .* within 2 s \(listing \/shared\/\)/);
    expect(warnings[0]).toMatch(/\(2 keys left unset because \/shared\/ could not be read: MCP_SERVER_PORT, FS_BASE_PATH\)$/);
    // Only the two roots were asked for (the hung one a second time, beside the first, as a hedge).
    expect(Object.keys(emu().stats().recursiveByPath).sort()).toEqual(['/services/api', '/shared']);
    expect(emu().stats().byPath['/services/api']).toBe(1);
    expect(ownLines(r.stderr)).toContainEqual(expect.stringMatching(/^secrets-run: 1 key from Infisical \(environment prod, service api\) in \d+ ms$/));
  });

  it('strict: the hung folder stops the run, naming it (--list-each-folder)', async () => {
    emu().setFaults({ hang: { route: 'list', secretPath: '/shared/filesystem' } });
    const marker = join(makeTree({}), 'started');
    const r = await runWith(emu(), ['--list-each-folder', '--require', '--timeout', '2', ...touchMarker(marker)], {}, { cwd: makeTree(CONTRACTS) });
    expect(r.code).toBe(125);
    expect(existsSync(marker)).toBe(false);
    expect(r.stderr).toMatch(/Infisical: no answer .* \(listing \/shared\/filesystem\/\)/);
    // It could be in the folder that hung: left unset and named with it, not called absent.
    expect(r.stderr).toMatch(/1 key left unset because \/shared\/filesystem\/ could not be read: FS_BASE_PATH/);
  });

  it('strict: the hung root stops the run, naming it', async () => {
    emu().setFaults({ hang: { route: 'list', secretPath: '/shared' } });
    const marker = join(makeTree({}), 'started');
    const r = await runWith(emu(), ['--require', '--timeout', '2', ...touchMarker(marker)], {}, { cwd: makeTree(CONTRACTS) });
    expect(r.code).toBe(125);
    expect(existsSync(marker)).toBe(false);
    expect(r.stderr).toMatch(/Infisical: no answer .* \(listing \/shared\/\)/);
    expect(r.stderr).toMatch(/3 keys left unset because \/shared\/ could not be read: MCP_SERVER_HOST, MCP_SERVER_PORT, FS_BASE_PATH/);
  });
});

describe('several kinds of failure in one run', () => {
  // Two folders failing each their own way need a request each.
  it('lenient still prints one warning line about Infisical', async () => {
    emu().setFaults({
      malformedBody: { route: 'list', secretPath: '/shared/mcp' },
      wrongShape: { route: 'list', secretPath: '/shared/filesystem' },
    });
    const r = await runWith(emu(), ['--list-each-folder', ...printEnv(...KEYS)], {}, { cwd: makeTree(CONTRACTS) });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual(NONE);
    const warnings = infisicalWarnings(r.stderr);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/\/shared\/mcp\//);
    expect(warnings[0]).toMatch(/\/shared\/filesystem\//);
  });

  it('strict lists every problem', async () => {
    emu().setFaults({
      malformedBody: { route: 'list', secretPath: '/shared/mcp' },
      wrongShape: { route: 'list', secretPath: '/shared/filesystem' },
    });
    const r = await runWith(emu(), ['--list-each-folder', '--require', ...printEnv(...KEYS)], {}, { cwd: makeTree(CONTRACTS) });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/Infisical: .*the body is not JSON.*\/shared\/mcp\//);
    expect(r.stderr).toMatch(/Infisical: .*secrets is not a list.*\/shared\/filesystem\//);
  });
  it('two roots failing each their own way: one warning, strict lists both', async () => {
    emu().setFaults({
      malformedBody: { route: 'list', secretPath: '/services/api' },
      wrongShape: { route: 'list', secretPath: '/shared' },
    });
    const r = await runWith(emu(), ['--service', 'api', ...printEnv(...KEYS)], {}, { cwd: makeTree(CONTRACTS) });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual(NONE);
    const warnings = infisicalWarnings(r.stderr);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/\/services\/api\//);
    expect(warnings[0]).toMatch(/\/shared\//);
    const strict = await runWith(emu(), ['--service', 'api', '--require', ...printEnv(...KEYS)], {}, { cwd: makeTree(CONTRACTS) });
    expect(strict.code).toBe(125);
    expect(strict.stderr).toMatch(/Infisical: .*the body is not JSON.*\(listing \/services\/api\/\)/);
    expect(strict.stderr).toMatch(/Infisical: .*secrets is not a list.*\(listing \/shared\/\)/);
  });
});
