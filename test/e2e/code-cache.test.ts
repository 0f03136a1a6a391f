// The V8 code caches the build makes (bin/secrets-run.js, scripts/code-cache.cjs) are really used on
// the plain path and on the fetch path, and a cache that does not belong to the bundle beside it is
// never used: not one from another build, not a damaged one. No timings: SECRETS_RUN_TRACE names
// how each bundle was loaded.
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { ROOT, cleanEnv } from '../helpers/run-cli.js';
import { buildSeed, childEnv, contract, printEnv, runWith, useEmulator } from '../helpers/emulator-env.js';

const emu = useEmulator(buildSeed({ prod: { '/shared/mcp': { MCP_SERVER_HOST: 'mcp.shared', MCP_SERVER_PORT: '9000' } } }));

// "cli.cjs" -> "used" | "rejected" | "absent", from the trace lines.
const cacheUse = (stderr: string): Record<string, string> =>
  Object.fromEntries([...stderr.matchAll(/trace [\d.]+ ms (?:(\S+\.cjs) loaded|cli loaded), code cache (\w+)/g)].map((m) => [m[1] ?? 'cli.cjs', m[2]!]));

// A private copy of bin/ and dist/ (the bundles need nothing else), whose caches a test may spoil.
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});
const packageCopy = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-run-cache-'));
  copies.push(dir);
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  return dir;
};
const runCopy = (dir: string, cwd: string): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [join(dir, 'bin/secrets-run.js'), '--', process.execPath, '-e', 'console.log(process.env.APP_NAME)'], {
    cwd,
    env: cleanEnv({ SECRETS_RUN_TRACE: '1' }),
    encoding: 'utf8',
  });

describe('V8 code caches', () => {
  it('the plain path loads the launcher bundle with its cache', () => {
    const cwd = makeTree({ '.env': 'APP_NAME=cached\n' });
    const r = spawnSync(join(ROOT, 'bin/secrets-run.js'), ['--', process.execPath, '-e', 'console.log(process.env.APP_NAME)'], {
      cwd,
      env: cleanEnv({ SECRETS_RUN_TRACE: '1' }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('cached');
    expect(cacheUse(r.stderr)).toEqual({ 'cli.cjs': 'used' });
  });

  it('a fetch with flags and a config file loads every chunk with its cache', async () => {
    const cwd = makeTree({
      'nodes/a/contract.yaml': contract({ transport: 'mcp' }),
      '.secrets-run.yaml': 'timeout: 10\n',
    });
    const r = await runWith(emu(), ['--quiet', ...printEnv('MCP_SERVER_HOST')], { SECRETS_RUN_TRACE: '1' }, { cwd });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.shared' });
    // --quiet alone takes the fast path of the arguments (cli/quick-args.ts): no parser bundle.
    expect(cacheUse(r.stderr)).toEqual({
      'cli.cjs': 'used',
      'config-stage.cjs': 'used',
      'fetch-stage.cjs': 'used',
      'contracts-stage.cjs': 'used',
      'report-stage.cjs': 'used',
    });
  });

  it('a cache made from another bundle is not used, and the run is the same', () => {
    const dir = packageCopy();
    cpSync(join(dir, 'dist/args-stage.cjs.cache'), join(dir, 'dist/cli.cjs.cache'));
    const r = runCopy(dir, makeTree({ '.env': 'APP_NAME=uncached\n' }));
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('uncached');
    expect(cacheUse(r.stderr)).toEqual({ 'cli.cjs': 'absent' });
  });

  it('a cache V8 refuses (here one whose V8 header is damaged) is not used, and the run is the same', () => {
    const dir = packageCopy();
    const cache = join(dir, 'dist/cli.cjs.cache');
    const bytes = readFileSync(cache);
    // The header and the bundle's copy stay; V8's own header after them is spoiled.
    const v8Data = bytes.indexOf(10) + 1 + statSync(join(dir, 'dist/cli.cjs')).size;
    writeFileSync(cache, Buffer.concat([bytes.subarray(0, v8Data), Buffer.alloc(bytes.length - v8Data, 0x5a)]));
    const r = runCopy(dir, makeTree({ '.env': 'APP_NAME=refused\n' }));
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('refused');
    expect(cacheUse(r.stderr)).toEqual({ 'cli.cjs': 'rejected' });
  });

  it('the copy keeps using its caches (the control for the tests around it)', () => {
    const r = runCopy(packageCopy(), makeTree({ '.env': 'APP_NAME=copied\n' }));
    expect(r.stdout.trim()).toBe('copied');
    expect(cacheUse(r.stderr)).toEqual({ 'cli.cjs': 'used' });
  });

  it('a bundle edited in place, even to the same length, runs its new code, not the cached one', () => {
    const dir = packageCopy();
    const bundle = join(dir, 'dist/cli.cjs');
    const source = readFileSync(bundle, 'utf8');
    const edited = source.split('secrets-run: ').join('SECRETS-RUN: ');
    expect(edited.length).toBe(source.length);
    expect(edited).not.toBe(source);
    writeFileSync(bundle, edited);
    const r = spawnSync(process.execPath, [join(dir, 'bin/secrets-run.js'), '--no-such-flag'], { env: cleanEnv({ SECRETS_RUN_TRACE: '1' }), encoding: 'utf8' });
    expect(r.status).toBe(125);
    expect(r.stderr).toContain('SECRETS-RUN: error: unknown option --no-such-flag');
    // The argument parser's bundle was not edited: its cache still serves.
    expect(cacheUse(r.stderr)).toEqual({ 'cli.cjs': 'absent', 'args-stage.cjs': 'used' });
  });

  it('SECRETS_RUN_NO_CODE_CACHE=1 turns the caches off', () => {
    const r = spawnSync(join(ROOT, 'bin/secrets-run.js'), ['--', process.execPath, '-e', 'console.log(process.env.APP_NAME)'], {
      cwd: makeTree({ '.env': 'APP_NAME=off\n' }),
      env: cleanEnv({ SECRETS_RUN_TRACE: '1', SECRETS_RUN_NO_CODE_CACHE: '1' }),
      encoding: 'utf8',
    });
    expect(r.stdout.trim()).toBe('off');
    expect(cacheUse(r.stderr)).toEqual({ 'cli.cjs': 'absent' });
  });

  it('without any cache file the bundles compile as usual', () => {
    const dir = packageCopy();
    rmSync(join(dir, 'dist/cli.cjs.cache'));
    const r = runCopy(dir, makeTree({ '.env': 'APP_NAME=compiled\n' }));
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('compiled');
    expect(cacheUse(r.stderr)).toEqual({ 'cli.cjs': 'absent' });
  });
});
