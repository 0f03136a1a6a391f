import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { ROOT, cleanEnv, runCli } from '../helpers/run-cli.js';
import { spawnSync } from 'node:child_process';

const show = ['--', 'sh', '-c', 'printf "%s|%s|%s" "$A" "$B" "$C"'];

describe('--env-file through the real bin (Node 20 would otherwise claim the flag)', () => {
  it('reads a present file, later files winning', async () => {
    const cwd = makeTree({ 'one.env': 'A=1\nB=one\n', 'two.env': 'B=two\nC=3\n', '.env': 'A=default\n' });
    const r = await runCli(['--env-file', 'one.env', '--env-file', 'two.env', ...show], { cwd });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '1|two|3', '']);
  });

  it('a missing file gets our own message and 125, not "node: missing.env: not found"', async () => {
    const r = await runCli(['--env-file', 'missing.env', '--', 'true'], { cwd: makeTree({}) });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('secrets-run: error: env file missing.env: not found');
    expect(r.stderr).not.toContain('node:');
  });

  it('--env-file=PATH and --no-env-file', async () => {
    const cwd = makeTree({ 'x.env': 'A=x\n', '.env': 'A=dot\n' });
    expect((await runCli(['--env-file=x.env', ...show], { cwd })).stdout).toBe('x||');
    expect((await runCli(['--no-env-file', ...show], { cwd })).stdout).toBe('||');
    expect((await runCli(show, { cwd })).stdout).toBe('dot||');
  });

  it('a virtualenv named .env is passed over, as dotenv-cli does; named with --env-file it is an error', async () => {
    const cwd = makeTree({ '.env/pyvenv.cfg': 'home = /usr/bin\n', 'x.env': 'A=x\n' });
    const r = await runCli(['--env-file', 'x.env', ...show], { cwd });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'x||', '']);
    const plain = await runCli(show, { cwd });
    expect([plain.code, plain.stdout, plain.stderr]).toEqual([0, '||', '']);
    const named = await runCli(['--env-file', '.env', ...show], { cwd });
    expect(named.code).toBe(125);
    expect(named.stderr).toContain('secrets-run: error: env file .env: is a directory');
  });

  it('the inherited environment wins over env files', async () => {
    const cwd = makeTree({ '.env': 'A=file\nB=file\n' });
    expect((await runCli(show, { cwd, env: { A: 'inherited' } })).stdout).toBe('inherited|file|');
  });
});

describe('the installed package (npm pack → npm install → node_modules/.bin)', () => {
  let project = '';
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'secrets-run-installed-'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, scripts: { start: 'secrets-run --env-file app.env -- sh -c \'printf %s "$A"\'' } }),
    );
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', `./${tarball}`], {
      cwd: project,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    writeFileSync(join(project, 'app.env'), 'A=installed\n');
  }, 180_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('runs through the bin symlink with --env-file, present and missing', () => {
    const bin = join(project, 'node_modules/.bin/secrets-run');
    const ok = spawnSync(bin, ['--env-file', 'app.env', '--', 'sh', '-c', 'printf %s "$A"'], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
    expect([ok.status, ok.stdout, ok.stderr]).toEqual([0, 'installed', '']);
    const missing = spawnSync(bin, ['--env-file', 'missing.env', '--', 'true'], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
    expect(missing.status).toBe(125);
    expect(missing.stderr).toContain('secrets-run: error: env file missing.env: not found');
  });

  it('uses the code caches it was packed with (npm pack stamps every file with one fixed time)', () => {
    const bin = join(project, 'node_modules/.bin/secrets-run');
    // --no-token-cache (a negation) takes the full argument parser, so its bundle loads too.
    const r = spawnSync(bin, ['--env-file', 'app.env', '--no-token-cache', '--', 'true'], {
      cwd: project,
      env: cleanEnv({ SECRETS_RUN_TRACE: '1' }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/cli loaded, code cache used/);
    expect(r.stderr).toMatch(/args-stage\.cjs loaded, code cache used/);
  });

  it('runs as an npm script prefix', () => {
    const r = spawnSync('npm', ['run', '--silent', 'start'], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
    expect([r.status, r.stdout]).toEqual([0, 'installed']);
  });
});
