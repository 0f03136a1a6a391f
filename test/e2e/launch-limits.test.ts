// Issue 14, item 2: a value or an environment the kernel cannot carry is left out and named before the
// spawn, never a 126; --require stops with 125 naming the key. Through the real bin, against the emulator.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { buildSeed, childEnv, contract, ownLines, printEnv, runWith, useEmulator } from '../helpers/emulator-env.js';
import { BIN, CHILDREN, runCli } from '../helpers/run-cli.js';

const KIB = 1024;
// 200 KiB: over the 128 KiB Linux allows one NAME=value, far under what a reply may hold.
const BIG = 'big-secret-' + 'q'.repeat(200 * KIB);
const emu = useEmulator(buildSeed({ prod: { '/shared/env': { BIG_SECRET: BIG, SMALL_SECRET: 'small-from-infisical' } } }));
const CONTRACT = contract({ env: ['BIG_SECRET', 'SMALL_SECRET'] });

describe('one variable over 128 KiB', () => {
  it('from Infisical: the child starts without it, and it is named with its folder and size', async () => {
    const cwd = makeTree({ 'contract.yaml': CONTRACT });
    const r = await runWith(emu(), printEnv('BIG_SECRET', 'SMALL_SECRET'), {}, { cwd });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ BIG_SECRET: null, SMALL_SECRET: 'small-from-infisical' });
    expect(ownLines(r.stderr)).toEqual([
      'secrets-run: warning: left out 1 variable over the 128 KiB the kernel allows one environment variable: BIG_SECRET (/shared/env/, 201 KiB)',
      expect.stringMatching(/^secrets-run: 1 key from Infisical \(environment prod\) in \d+ ms$/),
    ]);
  });

  it('from Infisical, with --require: 125 naming the key, and the command is not started', async () => {
    const cwd = makeTree({ 'contract.yaml': CONTRACT });
    const r = await runWith(emu(), ['--require', ...printEnv('BIG_SECRET')], {}, { cwd });
    expect([r.code, r.stdout]).toEqual([125, '']);
    expect(r.stderr).toContain('BIG_SECRET from /shared/env/: BIG_SECRET=value is 201 KiB, over the 128 KiB the kernel allows one environment variable');
  });

  it('from .env: left out and named, and an earlier env file stands in; --require stops with 125', async () => {
    const cwd = makeTree({ 'a.env': 'FILE_BIG=from-a\n', 'b.env': `FILE_BIG=${BIG}\nOTHER=ok\n` });
    const r = await runCli(['--env-file', 'a.env', '--env-file', 'b.env', ...printEnv('FILE_BIG', 'OTHER')], { cwd });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ FILE_BIG: 'from-a', OTHER: 'ok' });
    expect(ownLines(r.stderr)).toEqual([
      'secrets-run: warning: left out 1 variable over the 128 KiB the kernel allows one environment variable: FILE_BIG (b.env, 201 KiB)',
    ]);
    const only = makeTree({ '.env': `FILE_BIG=${BIG}\n` });
    const alone = await runCli(printEnv('FILE_BIG'), { cwd: only });
    expect([alone.code, childEnv(alone)]).toEqual([0, { FILE_BIG: null }]);
    const strict = await runCli(['--require', ...printEnv('FILE_BIG')], { cwd: only });
    expect([strict.code, strict.stdout]).toEqual([125, '']);
    expect(strict.stderr).toContain('FILE_BIG from .env: FILE_BIG=value is 201 KiB, over the 128 KiB');
  });

  it('an inherited value beats it anyway: nothing is said', async () => {
    const cwd = makeTree({ '.env': `FILE_BIG=${BIG}\n` });
    const r = await runCli(printEnv('FILE_BIG'), { cwd, env: { FILE_BIG: 'inherited' } });
    expect([r.code, childEnv(r), r.stderr]).toEqual([0, { FILE_BIG: 'inherited' }, '']);
  });
});

describe('the whole environment over the system limit', () => {
  // 64 values of 100 to 106 KiB, each under 128 KiB, 6.5 MiB in all: over the limit whatever the stack
  // limit (the kernel takes at most 6 MiB).
  const sizes = Array.from({ length: 64 }, (_, i) => 100 * KIB + i * 97);
  const name = (i: number): string => `PART_${String(i).padStart(2, '0')}`;
  const envFile = sizes.map((size, i) => `${name(i)}=${'p'.repeat(size)}`).join('\n') + '\n';

  it('leaves out the largest values this run added until it fits, names them, and the child starts', async () => {
    const cwd = makeTree({ '.env': envFile });
    const r = await runCli(['--', process.execPath, `${CHILDREN}/print-env.js`, '--names'], { cwd, timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    const kept = (JSON.parse(r.stdout) as string[]).filter((n) => n.startsWith('PART_'));
    const lines = ownLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^secrets-run: warning: left out \d+ variables, the largest this run added, so the environment fits the system's limit for a command's environment and arguments: PART_63 \(\.env, 106 KiB\), PART_62 \(\.env, 106 KiB\), /,
    );
    const named = [...lines[0]!.matchAll(/(PART_\d+) \(/g)].map((m) => m[1]!);
    // Every variable is either kept or named, and each named one is larger than each kept one.
    expect([...kept, ...named].sort()).toEqual(sizes.map((_, i) => name(i)));
    expect(Math.min(...named.map((n) => Number(n.slice(5))))).toBeGreaterThan(Math.max(...kept.map((n) => Number(n.slice(5)))));
    expect(kept.length).toBeGreaterThan(0);
  });

  it('with --require: 125 naming them, and the command is not started', async () => {
    const cwd = makeTree({ '.env': envFile });
    const r = await runCli(['--require', '--', process.execPath, `${CHILDREN}/print-env.js`, '--names'], { cwd, timeoutMs: 30_000 });
    expect([r.code, r.stdout]).toEqual([125, '']);
    expect(r.stderr).toContain(
      "PART_63 from .env: 106 KiB, left out as one of the largest so the environment fits the system's limit for a command's environment and arguments",
    );
    expect(r.stderr).not.toMatch(/cannot execute|E2BIG/);
  });
});

describe('a spawn the system still refuses (E2BIG)', () => {
  it('is 125 with what was too large, never 126', () => {
    // A 1 MiB stack gives a 256 KiB limit; the inherited 250 KiB fit the wrapper's own start, but leave
    // no room for the env file's 100 KiB: nothing this run added can make it fit, so nothing is left
    // out and the spawn fails.
    const cwd = makeTree({ 'add.env': `ADDED=${'a'.repeat(100 * KIB)}\n` });
    const inherited = 'i'.repeat(125 * KIB);
    const r = spawnSync('/bin/sh', ['-c', `ulimit -s 1024 && exec "$0" "$1" --env-file add.env -- true`, process.execPath, BIN], {
      cwd,
      env: { PATH: process.env['PATH'], INHERITED_1: inherited, INHERITED_2: inherited },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(125);
    expect(ownLines(r.stderr)[0]).toMatch(
      /^secrets-run: error: cannot start true: the system refused its environment and arguments as too large \(E2BIG\): the environment takes 3\d\d KiB in \d+ variables, the arguments 0 KiB \[ENVIRONMENT_TOO_LARGE\]$/,
    );
  });
});
