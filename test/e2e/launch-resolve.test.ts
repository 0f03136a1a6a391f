// Issue 14, item 4: the command is looked up before anything is fetched. Not found: 127 at once, with
// no request to Infisical; not executable: 126 at once; a typo of a subcommand gets "did you mean".
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { buildSeed, contract, ownLines, runWith, useEmulator } from '../helpers/emulator-env.js';
import { BIN, runCli } from '../helpers/run-cli.js';

const emu = useEmulator(buildSeed({ prod: { '/shared/mcp': { MCP_SERVER_HOST: 'mcp.shared', MCP_SERVER_PORT: '9000' } } }));
const CONTRACTS = { 'contract.yaml': contract({ transport: 'mcp' }) };
// A guard against a hang, not a timing: with the login hanging and a 30 s deadline, a wrapper that
// asked the server would still be waiting.
const GUARD_MS = 5_000;

describe('a command that cannot start, against a server that never answers', () => {
  it('not found: 127 at once, and no request reached the server', async () => {
    emu().setFaults({ hang: { route: 'any' } });
    const cwd = makeTree(CONTRACTS);
    const r = await runWith(emu(), ['--timeout', '30', '--', 'no-such-command-xyz'], {}, { cwd, timeoutMs: GUARD_MS });
    expect([r.code, ownLines(r.stderr)]).toEqual([
      127,
      [
        'secrets-run: error: command not found: no-such-command-xyz [COMMAND_NOT_FOUND]',
        'secrets-run: hint: check its spelling, and that it is on PATH or given as a path',
      ],
    ]);
    expect(emu().stats().total).toBe(0);
    // --require too: the missing command is said, not the fetch.
    const strict = await runWith(emu(), ['--require', '--timeout', '30', '--', 'no-such-command-xyz'], {}, { cwd, timeoutMs: GUARD_MS });
    expect(strict.code).toBe(127);
    expect(emu().stats().total).toBe(0);
  });

  it('not executable: 126 at once, and no request', async () => {
    emu().setFaults({ hang: { route: 'any' } });
    const cwd = makeTree(CONTRACTS);
    writeFileSync(join(cwd, 'tool.sh'), '#!/bin/sh\necho never\n');
    chmodSync(join(cwd, 'tool.sh'), 0o644);
    const r = await runWith(emu(), ['--timeout', '30', '--', './tool.sh'], {}, { cwd, timeoutMs: GUARD_MS });
    expect([r.code, ownLines(r.stderr)]).toEqual([
      126,
      [
        'secrets-run: error: cannot execute ./tool.sh: permission denied [COMMAND_NOT_EXECUTABLE]',
        'secrets-run: hint: name an executable file; a script needs the execute bit (chmod +x)',
      ],
    ]);
    expect(emu().stats().total).toBe(0);
  });

  it('a typo of plan: did you mean secrets-run plan, and no request', async () => {
    emu().setFaults({ hang: { route: 'any' } });
    const cwd = makeTree(CONTRACTS);
    const r = await runWith(emu(), ['--timeout', '30', 'plna'], {}, { cwd, timeoutMs: GUARD_MS });
    expect([r.code, ownLines(r.stderr)]).toEqual([
      127,
      ['secrets-run: error: command not found: plna [COMMAND_NOT_FOUND]', "secrets-run: hint: did you mean 'secrets-run plan'?"],
    ]);
    expect(emu().stats().total).toBe(0);
  });

  it('a command that exists is not held up: the fetch happens as before', async () => {
    const cwd = makeTree(CONTRACTS);
    const r = await runWith(emu(), ['--', 'true'], {}, { cwd });
    expect(r.code).toBe(0);
    expect(emu().stats().logins).toBe(1);
  });
});

describe('the PATH the command is looked up in is the one the child gets', () => {
  // Run without an inherited PATH, so the env file's PATH is the child's.
  const run = (cwd: string, args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd, env: { HOME: process.env['HOME'] ?? '/tmp' }, encoding: 'utf8', timeout: 20_000 });

  it("an env file's PATH finds the command when nothing is inherited", () => {
    const cwd = makeTree({ '.env': 'PATH=./tools:/usr/bin:/bin\n' });
    mkdirSync(join(cwd, 'tools'));
    writeFileSync(join(cwd, 'tools/hello'), '#!/bin/sh\necho hello from tools\n', { mode: 0o755 });
    const r = run(cwd, ['--', 'hello']);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'hello from tools\n', '']);
  });

  it('an inherited PATH beats the env file: the command is not found', async () => {
    const cwd = makeTree({ '.env': 'PATH=./tools:/usr/bin:/bin\n' });
    mkdirSync(join(cwd, 'tools'));
    writeFileSync(join(cwd, 'tools/hello'), '#!/bin/sh\necho hello\n', { mode: 0o755 });
    const r = await runCli(['--', 'hello'], { cwd });
    expect([r.code, ownLines(r.stderr)]).toEqual([
      127,
      ['secrets-run: error: command not found: hello [COMMAND_NOT_FOUND]', 'secrets-run: hint: check its spelling, and that it is on PATH or given as a path'],
    ]);
  });

  it('--command runs /bin/sh whatever PATH holds', () => {
    const cwd = makeTree({ '.env': 'PATH=/nonexistent\n' });
    const r = run(cwd, ['--command', 'echo from-sh']);
    expect([r.status, r.stdout]).toEqual([0, 'from-sh\n']);
  });
});
