import { availableParallelism } from 'node:os';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv } from '../helpers/run-cli.js';
import { scanContracts } from '../../src/contracts/scan-contracts.js';
import { buildTransportMap } from '../../src/contracts/transport-map.js';
import { buildPlan } from '../../src/plan/build-plan.js';

// A temporary tree of `count` generated contracts (scripts/generate-contracts.mjs).
const generatedTree = async (prefix: string, count: number, seed: number): Promise<string> => {
  const tree = mkdtempSync(join(tmpdir(), prefix));
  const { generateContracts } = (await import(`${ROOT}scripts/generate-contracts.mjs`)) as {
    generateContracts: (out: string, count: number, seed: number) => Promise<void>;
  };
  await generateContracts(tree, count, seed);
  return tree;
};

// `plan --format json --offline` on a tree, its stdout read whole.
const planJson = (cwd: string, args: readonly string[], env: Record<string, string> = {}) =>
  spawnSync(BIN, ['plan', '--format', 'json', '--offline', ...args], { cwd, env: cleanEnv(env), encoding: 'utf8', maxBuffer: 1 << 30 });

// stdout on a pipe is asynchronous: the whole plan must arrive, however slow the reader.
describe('a 10,000-contract plan through a pipe', () => {
  let tree = '';
  beforeAll(async () => {
    tree = await generatedTree('secrets-run-10k-', 10_000, 7);
  }, 120_000);
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('scanned on several threads, the plan is exactly the one-thread plan, in the same order', () => {
    const r = planJson(tree, ['--service', 'svc'], { SECRETS_RUN_TRACE: '1' });
    expect(r.status).toBe(0);
    // With two cores or more, worker threads took part.
    const threads = Math.min(4, availableParallelism());
    expect(r.stderr).toContain(`10000 contracts found, scanned on ${threads} thread${threads === 1 ? '' : 's'}`);
    const parallel = JSON.parse(r.stdout);
    const scan = scanContracts(['.'], tree, buildTransportMap());
    const plan = buildPlan({ requirements: scan.requirements, service: 'svc' });
    expect(parallel.contracts).toEqual(scan.contracts);
    expect(parallel.transports).toEqual(scan.transports);
    expect(parallel.keys.map((k: { key: string; folders: string[]; sources: unknown[] }) => [k.key, k.folders, k.sources])).toEqual(
      plan.map((k) => [k.key, k.folders, k.sources]),
    );
  }, 120_000);

  it('a bad transport override on a tree that would use worker threads: one message, status 125, no worker crash', () => {
    const r = spawnSync(BIN, ['plan', '--offline', '--alias', 'x=nosuch'], { cwd: tree, env: cleanEnv(), encoding: 'utf8' });
    expect(r.status).toBe(125);
    expect(r.stderr).toBe(
      "secrets-run: error: configuration: alias 'x' points to unknown transport 'nosuch' [CONFIG_INVALID]\nsecrets-run: hint: fix the setting named (docs/configuration.md lists each one)\n",
    );
  }, 60_000);

  it('stops quietly when the reader goes away early', () => {
    const r = spawnSync('sh', ['-c', `"${BIN}" plan --format json --offline | head -c 100 >/dev/null`], {
      cwd: tree,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it('parses completely when read through a slow pipe', () => {
    // The reader sleeps before reading, so the writer fills the pipe and must wait for it to drain.
    const reader = `{ sleep 1; node -e 'let s="";process.stdin.setEncoding("utf8").on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(j.contracts.length, j.keys.length, s.length)})'; }`;
    const r = spawnSync('sh', ['-c', `"${BIN}" plan --format json --offline | ${reader}`], { cwd: tree, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    const [contracts, keys, bytes] = r.stdout.trim().split(' ').map(Number);
    expect(contracts).toBe(10_000);
    expect(keys).toBeGreaterThan(0);
    expect(bytes).toBeGreaterThan(1_000_000);
  }, 120_000);
});

// Worker threads take files as the walk finds them, in the directory order of the file system; the
// plan must still be the one-thread scan's, problems included, in scan order.
describe('a scan on several threads, with problems scattered through the tree', () => {
  let tree = '';
  beforeAll(async () => {
    tree = await generatedTree('secrets-run-mixed-', 1200, 11);
    writeFileSync(join(tree, 'group_0/node_3/contract_broken.yaml'), 'metadata: [unclosed\n');
    writeFileSync(join(tree, 'group_11/node_99/contract_latin1.yaml'), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    writeFileSync(join(tree, 'group_5/contract_list.yaml'), '- a\n- b\n');
    mkdirSync(join(tree, 'group_7/node_1/contract.yaml.d/contract.yaml'), { recursive: true });
    writeFileSync(join(tree, 'aaa_contract_first.yaml'), 'not: a contract name\n');
    mkdirSync(join(tree, 'zzz/contract_empty'), { recursive: true });
    writeFileSync(join(tree, 'zzz/contract_empty.yaml'), '');
  }, 120_000);
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it("contracts, transports, problems and keys are exactly the one-thread scan's", () => {
    const r = planJson(tree, ['--service', 'svc'], { SECRETS_RUN_TRACE: '1' });
    expect(r.status).toBe(0);
    const threads = Math.min(4, availableParallelism());
    const handed = Number(/contracts found, scanned on \d+ threads?, (\d+) of them handed out during the walk/.exec(r.stderr)?.[1]);
    // With two cores or more, worker threads took files before the walk was over.
    if (threads > 1) expect(handed).toBeGreaterThan(0);
    const parallel = JSON.parse(r.stdout);
    const scan = scanContracts(['.'], tree, buildTransportMap());
    expect(scan.problems.length).toBeGreaterThanOrEqual(4);
    const plan = buildPlan({ requirements: scan.requirements, service: 'svc' });
    expect(parallel.contracts).toEqual(scan.contracts);
    expect(parallel.transports).toEqual(scan.transports);
    expect(parallel.problems).toEqual(scan.problems.map((p) => ({ kind: 'contract', ...p })));
    expect(parallel.keys.map((k: { key: string; folders: string[]; sources: unknown[] }) => [k.key, k.folders, k.sources])).toEqual(
      plan.map((k) => [k.key, k.folders, k.sources]),
    );
  }, 120_000);

  it('overlapping roots: each file is scanned once, in the order of the roots, as on one thread', () => {
    // (A root that does not exist is a usage error now, not a problem: see bad-input.md, contracts-path.)
    const roots = ['group_3', '.', 'group_3/node_7/contract.yaml'];
    const r = planJson(
      tree,
      roots.flatMap((root) => ['--contracts', root]),
    );
    expect(r.status).toBe(0);
    const parallel = JSON.parse(r.stdout);
    const scan = scanContracts(roots, tree, buildTransportMap());
    expect(new Set(scan.contracts).size).toBe(scan.contracts.length);
    expect(parallel.contracts).toEqual(scan.contracts);
    expect(parallel.problems).toEqual(scan.problems.map((p) => ({ kind: 'contract', ...p })));
    const plan = buildPlan({ requirements: scan.requirements, service: '' });
    expect(parallel.keys.map((k: { key: string; sources: unknown[] }) => [k.key, k.sources])).toEqual(plan.map((k) => [k.key, k.sources]));
  }, 120_000);

  it('files found twice do not count towards starting the workers, nor keep them from starting', () => {
    // The 400th file found is a repeat here: group_0 and group_1 are each walked twice.
    const roots = ['group_0', 'group_0', 'group_1', 'group_1', '.'];
    const r = planJson(
      tree,
      roots.flatMap((root) => ['--contracts', root]),
      { SECRETS_RUN_TRACE: '1' },
    );
    expect(r.status).toBe(0);
    const threads = Math.min(4, availableParallelism());
    expect(r.stderr).toContain(`contracts found, scanned on ${threads} thread${threads === 1 ? '' : 's'}`);
    expect(JSON.parse(r.stdout).contracts).toEqual(scanContracts(roots, tree, buildTransportMap()).contracts);
  }, 120_000);
});
