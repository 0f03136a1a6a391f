// Issue 18, item 4: the words a new user tries first: short forms, durations, "did you mean".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

describe('CLI words (real bin)', () => {
  it('-e is --env-file and -c is --command', async () => {
    const cwd = makeTree({});
    writeFileSync(join(cwd, 'local.env'), 'GREETING=from-local\n');
    const result = await runCli(['-e', 'local.env', '-c', 'printf %s "$GREETING"'], { cwd });
    expect([result.code, result.stdout]).toEqual([0, 'from-local']);
  });

  it('durations are taken wherever seconds are (5s, 1m30s, 500ms), and a bad one is named', async () => {
    const cwd = makeTree({});
    for (const value of ['5s', '1m30s', '500ms', '2.5']) expect((await runCli(['--timeout', value, '--', 'true'], { cwd })).code, value).toBe(0);
    const bad = await runCli(['--timeout', '5x', '--', 'true'], { cwd });
    expect(bad.code).toBe(125);
    expect(bad.stderr).toContain("--timeout: invalid duration '5x' (seconds, or a duration such as 5s, 1m or 1m30s");
    const variable = await runCli(['--', 'true'], { cwd, env: { SECRETS_RUN_TIMEOUT: '1m' } });
    expect(variable.code).toBe(0);
  });

  it('an unknown option one or two typos from a known one says which was meant', async () => {
    const cwd = makeTree({});
    const typo = await runCli(['--servce', 'api', '--', 'true'], { cwd });
    expect([typo.code, typo.stderr.split('\n')[0]]).toEqual([125, 'secrets-run: error: unknown option --servce (did you mean --service?) [USAGE]']);
    const negation = await runCli(['--no-tokn-cache', '--', 'true'], { cwd });
    expect(negation.stderr).toContain('(did you mean --no-token-cache?)');
    const far = await runCli(['--completely-unknown', '--', 'true'], { cwd });
    expect(far.stderr.split('\n')[0]).toBe('secrets-run: error: unknown option --completely-unknown [USAGE]');
  });

  it('a command not found one typo from a subcommand of ours says which was meant', async () => {
    const result = await runCli(['seeed'], { cwd: makeTree({}) });
    expect(result.code).toBe(127);
    expect(result.stderr).toContain("did you mean 'secrets-run seed'?");
  });
});

describe('help and version as words (real bin)', () => {
  it("help COMMAND and COMMAND --help print that command's usage and its own options first", async () => {
    const cwd = makeTree({});
    for (const argv of [
      ['help', 'plan'],
      ['plan', '--help'],
      ['plan', '-h'],
    ]) {
      const result = await runCli(argv, { cwd });
      expect(result.code, argv.join(' ')).toBe(0);
      expect(result.stdout.split('\n').slice(0, 2)).toEqual(['Usage:', '  secrets-run plan [options] [--format table|json] [--offline]']);
      expect(result.stdout.indexOf('plan options:')).toBeLessThan(result.stdout.indexOf('Shared with a run:'));
      expect(result.stdout).toContain('--offline');
      expect(result.stdout).not.toContain('--reveal');
    }
    const seed = await runCli(['seed', '--help'], { cwd });
    expect(seed.stdout).toContain('--import-env FILE');
    expect(seed.stdout).not.toContain('--project');
  });

  it('help alone is the full help, version the version; a mistyped topic says which was meant', async () => {
    const cwd = makeTree({});
    const full = await runCli(['help'], { cwd });
    expect(full.stdout).toBe((await runCli(['--help'], { cwd })).stdout);
    const version = await runCli(['version'], { cwd });
    expect([version.code, version.stdout]).toEqual([0, (await runCli(['--version'], { cwd })).stdout]);
    const typo = await runCli(['help', 'pln'], { cwd });
    expect([typo.code, typo.stderr.split('\n')[0]]).toEqual([
      125,
      "secrets-run: error: no help for 'pln' (did you mean 'plan'?): commands are run, plan, export, seed, provision [USAGE]",
    ]);
  });

  it('a program named help or version still runs after --', async () => {
    const cwd = makeTree({ 'bin/help': '#!/bin/sh\necho the-program\n' });
    const { chmodSync } = await import('node:fs');
    chmodSync(join(cwd, 'bin/help'), 0o755);
    const result = await runCli(['--', './bin/help'], { cwd });
    expect(result.stdout).toBe('the-program\n');
  });
});

describe('--verbose without Infisical (real bin)', () => {
  it('names what each env file set, and which of those the environment already had', async () => {
    const cwd = makeTree({ '.env': 'A=1\nB=2\n', 'more.env': 'C=3\n' });
    const result = await runCli(['-v', '-e', '.env', '-e', 'more.env', '--', 'true'], { cwd, env: { A: 'inherited' } });
    expect(result.stderr).toBe('secrets-run: .env: 2 variables (A, B); already set, kept: A\nsecrets-run: more.env: 1 variable (C)\n');
    const none = await runCli(['-v', '--no-env-file', '--', 'true'], { cwd });
    expect(none.stderr).toBe('secrets-run: no env file loaded\n');
    const quiet = await runCli(['--', 'true'], { cwd });
    expect(quiet.stderr).toBe('');
  });
});

describe('an address that cannot work says why (real bin)', () => {
  it('names a mistyped scheme, and an https:// address on a plain-HTTP port', async () => {
    const cwd = makeTree({ 'nodes/api/contract.yaml': 'name: n\nmetadata:\n  transport_type: db\n' });
    const credentials = { INFISICAL_PROJECT_ID: 'p', INFISICAL_CLIENT_ID: 'i', INFISICAL_CLIENT_SECRET: 'not-shown-secret-1' };
    const typo = await runCli(['--', 'true'], { cwd, env: { ...credentials, INFISICAL_ADDR: 'htp://localhost:8080' } });
    expect(typo.stderr).toContain("INFISICAL_ADDR is not an http(s) URL: its scheme is 'htp:', not 'http:' or 'https:'");
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const tls = await runCli(['--', 'true'], { cwd, env: { ...credentials, INFISICAL_ADDR: `https://127.0.0.1:${port}` } });
      expect(tls.stderr).toContain('it does not speak TLS on that port (ERR_SSL_WRONG_VERSION_NUMBER; the address may need http://, not https://)');
      // Infisical could not be asked: no advice to set the keys there.
      expect(tls.stderr).not.toMatch(/missing/);
    } finally {
      server.close();
    }
  });
});

describe('shell completion (real bin)', () => {
  it('prints a script for bash, zsh and fish that each shell here reads without a syntax error, offering every option', async () => {
    const { spawnSync } = await import('node:child_process');
    const cwd = makeTree({});
    for (const shell of ['bash', 'zsh', 'fish']) {
      const result = await runCli(['completion', shell], { cwd });
      expect(result.code, shell).toBe(0);
      const option = (flag: string): string => (shell === 'fish' ? `-l ${flag}` : `--${flag}`);
      expect(result.stdout).toContain(option('env-file'));
      expect(result.stdout).toContain(option('no-token-cache'));
      const file = join(cwd, `completion.${shell}`);
      writeFileSync(file, result.stdout);
      const check = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      if ((check.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') continue; // that shell is not installed here
      expect(check.status, `${shell}: ${check.stderr}`).toBe(0);
    }
    // bash: the function answers an option prefix and a first word.
    const probe = `source ${join(cwd, 'completion.bash')}; COMP_WORDS=(secrets-run --servi); COMP_CWORD=1; _secrets_run; echo "\${COMPREPLY[@]}"; COMP_WORDS=(secrets-run pro); COMP_CWORD=1; _secrets_run; echo "\${COMPREPLY[0]}"`;
    const answered = spawnSync('bash', ['-c', probe], { encoding: 'utf8' });
    expect(answered.stdout.split('\n').slice(0, 2)).toEqual(['--service', 'provision']);
    const unknown = await runCli(['completion', 'tcsh'], { cwd });
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([125, "secrets-run: error: completion: unknown shell 'tcsh' [USAGE]"]);
  });
});

describe('colour (real bin)', () => {
  it('none on a pipe; FORCE_COLOR colours the labels; NO_COLOR keeps them plain', async () => {
    const cwd = makeTree({});
    expect((await runCli(['--bogus', '--', 'true'], { cwd })).stderr.split('\n')[0]).toBe('secrets-run: error: unknown option --bogus [USAGE]');
    const forced = await runCli(['--bogus', '--', 'true'], { cwd, env: { FORCE_COLOR: '1' } });
    expect(forced.stderr.split('\n')[0]).toBe('secrets-run: \x1b[1;31merror:\x1b[0m unknown option --bogus [USAGE]');
    const off = await runCli(['--bogus', '--', 'true'], { cwd, env: { NO_COLOR: '1', TERM: 'xterm' } });
    expect(off.stderr).not.toContain('\x1b[');
  });
});
