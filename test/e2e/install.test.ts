// Issue 18: installed as a user installs it. The packed tarball into an empty project, with no
// install script to run (the build runs on `npm pack`, not on install), then the bin through npx.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

const npm = (args: string[], cwd: string) =>
  spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '/tmp',
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    },
  });

describe('the packed package', () => {
  it('ships what the README links and runs no script on install', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      files: string[];
      repository?: unknown;
      bugs?: unknown;
      homepage?: string;
    };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts[hook], hook).toBeUndefined();
    expect(manifest.scripts['prepack']).toMatch(/build/);
    expect(manifest.files).toEqual(expect.arrayContaining(['bin', 'dist', 'docs', 'LICENSE', 'README.md']));
    expect([manifest.repository, manifest.bugs, manifest.homepage].every((field) => field !== undefined)).toBe(true);
    // A user's page: short, and no diary.
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThan(250);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).not.toMatch(/this session|yesterday|last session|\btoday\b/i);
    // Every docs/ link of the README points at a file the package carries.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const [, path] of readme.matchAll(/\]\((docs\/[^)#]+)/g)) expect(readdirSync(join(ROOT, 'docs')), path).toContain(path!.slice('docs/'.length));
  });

  it('installs from the tarball into an empty project, and `npx secrets-run` works: --version, help plan, a launch', () => {
    const dir = makeTree({});
    const packed = npm(['pack', '--ignore-scripts', '--pack-destination', dir, ROOT], dir); // dist/ is built by the test set-up
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const installed = npm(['install', '--prefer-offline', `../${tarball}`], app);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stderr).not.toMatch(/install script|prepare/i);
    const version = npm(['exec', '--', 'secrets-run', '--version'], app);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    expect(npm(['exec', '--', 'secrets-run', 'help', 'plan'], app).stdout).toMatch(/^Usage:\n {2}secrets-run plan/);
    writeFileSync(join(app, '.env'), 'HELLO=from-the-env-file\n');
    const launch = execFileSync(join(app, 'node_modules/.bin/secrets-run'), ['--', process.execPath, '-e', 'process.stdout.write(process.env.HELLO)'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(launch).toBe('from-the-env-file');
  });
});
