import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const plan = async (contracts: string, extra: string[] = []) => {
  const r = await runCli(['plan', '--format', 'json', '--offline', '--contracts', contracts, ...extra], { cwd: ROOT });
  return { ...r, json: r.stdout ? JSON.parse(r.stdout) : undefined };
};

describe('the ONEX-style fixture tree (116 contracts)', () => {
  it('plans every contract with no problems, skipping node_modules and non-contract YAML', async () => {
    const { code, json, stderr } = await plan('fixtures/contracts/onex', ['--service', 'omnibase-runtime']);
    expect([code, stderr]).toEqual([0, '']);
    expect(json.contracts.length).toBeGreaterThanOrEqual(100);
    expect(json.problems).toEqual([]);
    expect(json.contracts.some((c: string) => c.includes('node_modules'))).toBe(false);
    expect(json.contracts.every((c: string) => /(^|\/)contract(_[^/]*)?\.yaml$/.test(c))).toBe(true);
    // Marker keys live only in files that must not be scanned.
    expect(json.keys.some((k: { key: string }) => /NOT_A_CONTRACT|NODE_MODULES_CONTRACT/.test(k.key))).toBe(false);
    // The bootstrap guard: the tree asks for INFISICAL_CLIENT_SECRET as an env dependency.
    expect(json.keys.some((k: { key: string }) => k.key.startsWith('INFISICAL_'))).toBe(false);
    expect([...json.transports].sort()).toEqual([
      'bridge',
      'consul',
      'db',
      'filesystem',
      'graph',
      'grpc',
      'http',
      'infisical',
      'inmemory',
      'kafka',
      'llm',
      'mcp',
      'qdrant',
      'runtime',
      'valkey',
    ]);
    for (const key of json.keys) expect(key.folders[0]).toBe(`/services/omnibase-runtime/${key.transport}/`);
    // Sorted component by component by code point.
    const sorted = [...json.contracts].sort((a: string, b: string) => {
      const pa = a.split('/'),
        pb = b.split('/');
      for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i]! < pb[i]! ? -1 : 1;
      return pa.length - pb.length;
    });
    expect(json.contracts).toEqual(sorted);
  });

  it('merges a variable asked by several contracts into one key with every source', async () => {
    const { json } = await plan('fixtures/contracts/onex');
    const openai = json.keys.filter((k: { key: string }) => k.key === 'OPENAI_API_KEY');
    expect(openai).toHaveLength(1);
    expect(openai[0].sources.length).toBeGreaterThan(1);
    expect(openai[0].required).toBe(true);
  });
});

describe('the problems fixture tree', () => {
  it('lists every problem with file and line and exits 0 when lenient', async () => {
    const { code, json } = await plan('fixtures/contracts/problems');
    expect(code).toBe(0);
    expect(json.problems.map((p: { file: string; line?: number }) => [p.file.replace('fixtures/contracts/problems/', ''), p.line])).toEqual([
      ['bad-yaml/contract.yaml', 9],
      ['dir-named/contract.yaml', undefined],
      ['list-root/contract.yaml', 1],
      ['unknown-handler/contract.yaml', 19],
      ['unknown-transport/contract.yaml', 17],
    ]);
    expect(json.transports).toEqual(['db', 'kafka', 'http']);
  });

  it('strict mode lists them all at once and never starts the command (125)', async () => {
    const r = await runCli(['--require', '--contracts', 'fixtures/contracts/problems', '--', 'sh', '-c', 'echo STARTED'], { cwd: ROOT });
    expect(r.code).toBe(125);
    expect(r.stdout).toBe('');
    for (const file of ['bad-yaml', 'dir-named', 'list-root', 'unknown-handler', 'unknown-transport'])
      expect(r.stderr).toContain(`problems/${file}/contract.yaml`);
    expect(r.stderr.split('\n')[0]).toMatch(/^secrets-run: error: --require: \d+ problems, the command was not started \[STRICT_FAILED\]$/);
  });
});
