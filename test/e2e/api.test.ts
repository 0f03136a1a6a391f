// Issue 18, item 5: in-process loading for code that cannot be wrapped, from the built package:
// loadSecrets() and `node --require secrets-run/register`, against the emulator.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSeed, bootstrapEnv, contract, useEmulator } from '../helpers/emulator-env.js';
import { registerSecret } from '../helpers/canary-registry.js';
import { CHILDREN, cleanEnv, ROOT } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

const FROM_INFISICAL = 'api-loaded-host-value';
registerSecret(FROM_INFISICAL);
const emu = useEmulator(buildSeed({ prod: { '/shared/db': { POSTGRES_HOST: FROM_INFISICAL } } }));
const library = createRequire(import.meta.url)(join(ROOT, 'dist/index.cjs')) as typeof import('../../src/index.js');

// Asynchronously: the emulator answers from this same process.
const run = async (args: string[], options: { cwd: string; env: Record<string, string> }): Promise<{ status: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { ...options, encoding: 'utf8' });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { status: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
};

const project = (): string => {
  const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'db' }) });
  writeFileSync(join(cwd, '.env'), 'FROM_FILE=file-value\n');
  return cwd;
};

describe('loadSecrets() (dist/index.cjs)', () => {
  it('returns what a run would add, with provenance, and changes no process.env when apply is false', async () => {
    const env = { ...cleanEnv(), ...bootstrapEnv(emu()) };
    const before = { ...process.env };
    const loaded = await library.loadSecrets({ cwd: project(), env, apply: false });
    expect(loaded.added['POSTGRES_HOST']).toBe(FROM_INFISICAL);
    expect(loaded.added['FROM_FILE']).toBe('file-value');
    expect(loaded.keys.find((k) => k.key === 'POSTGRES_HOST')).toMatchObject({ resolution: 'infisical', folder: '/shared/db/' });
    expect(loaded.problems.some((p) => /required keys? missing/.test(p))).toBe(true); // the db transport's other keys
    expect(process.env).toEqual(before);
  });

  it("fills the process's own environment by default (in a process of its own)", async () => {
    const script = `require(${JSON.stringify(join(ROOT, 'dist/index.cjs'))}).loadSecrets().then(() => process.stdout.write(process.env.POSTGRES_HOST))`;
    const r = await run(['-e', script], { cwd: project(), env: { ...cleanEnv(), ...bootstrapEnv(emu()) } });
    expect([r.status, r.stdout]).toEqual([0, FROM_INFISICAL]);
  });

  it('with --require, a problem rejects with STRICT_FAILED, naming keys and never a value', async () => {
    const env = { ...cleanEnv(), ...bootstrapEnv(emu()) };
    const failure = await library.loadSecrets({ cwd: project(), env, args: ['--require'], apply: false }).catch((error: unknown) => error);
    expect(library.isSecretsRunError(failure) && failure.code).toBe('STRICT_FAILED');
    expect(JSON.stringify({ message: (failure as Error).message, details: (failure as { details: string[] }).details })).not.toContain(FROM_INFISICAL);
  });
});

describe('a vitest global setup that calls loadSecrets() (fixtures/vitest-setup)', () => {
  it('gives every test the values from Infisical', async () => {
    const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
    const r = await run([vitest, 'run', '--root', join(ROOT, 'fixtures/vitest-setup')], {
      cwd: join(ROOT, 'fixtures/vitest-setup'),
      env: { ...cleanEnv(), ...bootstrapEnv(emu()), EXPECTED_POSTGRES_HOST: FROM_INFISICAL },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 passed/);
  });
});

describe('node --require secrets-run/register', () => {
  it("puts what a run would add into the program's environment before its code runs; an inherited value stays", async () => {
    const r = await run(['--require', join(ROOT, 'dist/register.cjs'), join(CHILDREN, 'print-env.js'), 'POSTGRES_HOST', 'FROM_FILE', 'KEEP'], {
      cwd: project(),
      env: { ...cleanEnv(), ...bootstrapEnv(emu()), KEEP: 'inherited' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ POSTGRES_HOST: FROM_INFISICAL, FROM_FILE: 'file-value', KEEP: 'inherited' });
  });
});
