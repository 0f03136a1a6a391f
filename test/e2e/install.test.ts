// Issue 18: installed as a user installs it. The packed tarball into an empty project, with no
// install script to run (the build runs on `npm pack`, not on install), then the bin through npx.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

describe("the README's Dockerfile recipe, without Docker", () => {
  it('its install stage and its copy into the image give a secrets-run on PATH that runs a command', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const recipe = /```dockerfile\n([\s\S]*?)```/.exec(readme)![1]!.split('\n');
    const install = recipe.find((l) => l.startsWith('RUN npm install --global '))!;
    const copy = /^COPY --from=\S+ (\S+) (\S+)$/.exec(recipe.find((l) => l.startsWith('COPY --from='))!)!;
    const link = /^RUN ln -s (\S+) (\S+)$/.exec(recipe.find((l) => l.startsWith('RUN ln -s '))!)!;
    expect(recipe).toContain('ENTRYPOINT ["secrets-run", "--"]');

    const dir = makeTree({});
    const packed = npm(['pack', '--ignore-scripts', '--pack-destination', dir, ROOT], dir);
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.tgz'))!,
    );
    // Each image's / is a directory here; npm's global prefix /usr/local becomes <stage>/usr/local.
    const stage = join(dir, 'stage');
    const image = join(dir, 'image');
    const inside = (root: string, path: string): string => join(root, path);
    expect(install).toMatch(/\/tmp\/secrets-run-[\d.]+\.tgz/);
    const installed = npm(['install', '--global', '--prefer-offline', '--prefix', inside(stage, '/usr/local'), tarball], dir);
    expect(installed.status, installed.stderr).toBe(0);
    cpSync(inside(stage, copy[1]!), inside(image, copy[2]!), { recursive: true });
    mkdirSync(dirname(inside(image, link[2]!)), { recursive: true });
    symlinkSync(inside(image, link[1]!), inside(image, link[2]!));
    const app = join(image, 'app');
    mkdirSync(app);
    writeFileSync(join(app, '.env'), 'IN_IMAGE=yes\n');
    const out = execFileSync(inside(image, link[2]!), ['--', process.execPath, '-e', 'process.stdout.write(process.env.IN_IMAGE)'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(out).toBe('yes');
  });
});
