// Issue 18: the bin as package managers link it. npm's own shim generator (cmd-shim, the code npm runs on
// Windows, and pnpm's and Yarn's forks) reads the bin's first line; the shell shim it writes is what Git
// Bash, MSYS2 and Cygwin run on Windows. busybox's sh is Alpine's /bin/sh. Each must reach secrets-run
// with Node's own `--env-file` reading kept away (docs/decisions.md, "The bin's first line").
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

type CmdShim = (from: string, to: string) => Promise<void>;
const npmRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
const cmdShim = createRequire(join(npmRoot, 'npm', 'package.json'))('cmd-shim') as CmdShim;
const busybox = spawnSync('busybox', ['true']).status === 0;

const PRINT = `process.stdout.write(process.env.FROM_FILE ?? 'unset')`;

const run = (argv: string[], cwd: string) => {
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe("npm's shims for the bin", () => {
  it('the shell shim (Git Bash, MSYS2, Cygwin) runs secrets-run, --env-file read by secrets-run alone', async () => {
    const cwd = makeTree({ '.env': 'FROM_FILE=from ${HOME:+expanded}\n' });
    await cmdShim(BIN, join(cwd, 'node_modules', '.bin', 'secrets-run'));
    const shim = join(cwd, 'node_modules', '.bin', 'secrets-run');
    // Node would take `--env-file` itself (and not expand); secrets-run expands `${HOME:+...}`.
    expect(run(['sh', shim, '--env-file', '.env', '--', process.execPath, '-e', PRINT], cwd)).toMatchObject({ code: 0, stdout: 'from expanded' });
    // A missing file is secrets-run's own 125, not Node's "node: missing.env: not found" (9).
    const missing = run(['sh', shim, '--env-file', 'missing.env', '--', 'true'], cwd);
    expect(missing.code).toBe(125);
    expect(missing.stderr).toMatch(/^secrets-run: error: .*missing\.env/);
  });

  it('the Windows .cmd and .ps1 shims start the program the first line names, with the bin as its script', async () => {
    const cwd = makeTree({});
    await cmdShim(BIN, join(cwd, 'secrets-run'));
    const first = readFileSync(BIN, 'utf8').split('\n')[0]!;
    const program = /^#!\s*(\S+)/.exec(first)![1]!;
    expect(readFileSync(join(cwd, 'secrets-run.cmd'), 'utf8')).toContain(`SET "_prog=${program}"`);
    expect(readFileSync(join(cwd, 'secrets-run.ps1'), 'utf8')).toContain(`"${program}$exe"`);
  });
});

describe.runIf(busybox)("Alpine: busybox's sh runs the bin", () => {
  it('a launch with an env file, and a missing one said by secrets-run', () => {
    const cwd = makeTree({ '.env': 'FROM_FILE=busybox\n' });
    expect(run(['busybox', 'sh', BIN, '--env-file', '.env', '--', process.execPath, '-e', PRINT], cwd)).toMatchObject({ code: 0, stdout: 'busybox' });
    expect(run(['busybox', 'sh', BIN, '--env-file', 'missing.env', '--', 'true'], cwd).code).toBe(125);
  });
});
