import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, CHILDREN, runCli } from '../helpers/run-cli.js';
import { exists, readLines, reapAfterTest, startCli, waitFor } from '../helpers/launch-proc.js';
import { makeTree } from '../helpers/tree.js';

// Issue 4, acceptance 1 and 6: exit status and the wrapper's own lifetime, through the real bin.

const node = process.execPath;
// A code chosen per run (as tsx's tests do), so no hard-coded value can pass by accident.
const RANDOM_CODE = 1 + Math.floor(Math.random() * 254);

describe('exit status: the child exited', () => {
  it.each([0, 1, 3, 42, 255, RANDOM_CODE])('child exits %i → the wrapper exits with the same code', async (code) => {
    const r = await runCli(['--', node, `${CHILDREN}/exit-with.js`, String(code)], { cwd: makeTree({}) });
    expect({ code: r.code, signal: r.signal, stderr: r.stderr }).toEqual({ code, signal: null, stderr: '' });
  });
});

describe('exit status: the child died of a signal', () => {
  // Observed on Linux: the wrapper re-raises the child's signal on itself, so its own parent sees a
  // death by that signal (spawn: code null, signal set) and a shell reports 128+N.
  it.each([
    ['SIGTERM', 143],
    ['SIGKILL', 137],
    ['SIGINT', 130],
    ['SIGHUP', 129],
    ['SIGUSR2', 140],
  ] as const)('child killed by %s → the wrapper dies of the same signal (a shell sees %i)', async (signal, _status) => {
    const r = await runCli(['--', node, `${CHILDREN}/kill-self.js`, signal], { cwd: makeTree({}) });
    expect({ code: r.code, signal: r.signal, stderr: r.stderr }).toEqual({ code: null, signal, stderr: '' });
  });

  it('child killed by SIGUSR1 (a shell child; a node child cannot die of it) → the wrapper dies of SIGUSR1 too', async () => {
    // The wrapper had a listener for SIGUSR1; removing it restores the default action, so Node's
    // inspector does not swallow the re-raise.
    const r = await runCli(['--', 'sh', '-c', 'kill -USR1 $$'], { cwd: makeTree({}) });
    expect({ code: r.code, signal: r.signal, stderr: r.stderr }).toEqual({ code: null, signal: 'SIGUSR1', stderr: '' });
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGKILL', 137],
    ['SIGQUIT', 131],
  ] as const)('child killed by %s → a shell sees status %i', async (signal, status) => {
    const cwd = makeTree({});
    const r = await runCli(['--', 'sh', '-c', `"${BIN}" -- "${node}" "${CHILDREN}/kill-self.js" ${signal}; echo "status=$?"`], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`status=${status}\n`);
  });

  it.each([
    ['SIGQUIT', 131],
    ['SIGSEGV', 139],
    ['SIGABRT', 134],
  ] as const)('child killed by core-dumping %s → the wrapper exits %i without re-raising (no second core dump)', async (signal, status) => {
    const r = await runCli(['--', node, `${CHILDREN}/kill-self.js`, signal], { cwd: makeTree({}) });
    expect({ code: r.code, signal: r.signal }).toEqual({ code: status, signal: null });
  });
});

describe('exit status: the command could not be run', () => {
  it('command not found → 127 and one clear error line, no stack trace', async () => {
    const r = await runCli(['--', 'secrets-run-no-such-command', '--flag'], { cwd: makeTree({}) });
    expect(r.code).toBe(127);
    expect(r.stderr).toBe(
      'secrets-run: error: command not found: secrets-run-no-such-command [COMMAND_NOT_FOUND]\nsecrets-run: hint: check its spelling, and that it is on PATH or given as a path\n',
    );
    expect(r.stdout).toBe('');
  });

  it('a missing path → 127', async () => {
    const r = await runCli(['--', './missing.sh'], { cwd: makeTree({}) });
    expect(r.code).toBe(127);
    expect(r.stderr).toBe(
      'secrets-run: error: command not found: ./missing.sh [COMMAND_NOT_FOUND]\nsecrets-run: hint: check its spelling, and that it is on PATH or given as a path\n',
    );
  });

  it('a script whose #! interpreter is missing → 127, saying so, as a path or found on PATH', async () => {
    const cwd = makeTree({ 'bin/mytool': '#!/nonexistent/sh\necho never\n' });
    chmodSync(join(cwd, 'bin/mytool'), 0o755);
    const byPath = await runCli(['--', './bin/mytool'], { cwd });
    expect([byPath.code, byPath.stderr]).toEqual([
      127,
      'secrets-run: error: cannot execute ./bin/mytool: a file it needs was not found (the interpreter on its #! line?) [COMMAND_NOT_FOUND]\nsecrets-run: hint: install the program its #! line names, or correct that line\n',
    ]);
    const onPath = await runCli(['--', 'mytool'], { cwd, env: { PATH: `${join(cwd, 'bin')}:${process.env['PATH']}` } });
    expect([onPath.code, onPath.stderr]).toEqual([
      127,
      'secrets-run: error: cannot execute mytool: a file it needs was not found (the interpreter on its #! line?) [COMMAND_NOT_FOUND]\nsecrets-run: hint: install the program its #! line names, or correct that line\n',
    ]);
  });

  it('a file without the execute bit → 126 and one clear error line', async () => {
    const file = `${CHILDREN}/not-executable.js`;
    const r = await runCli(['--', file], { cwd: makeTree({}) });
    expect(r.code).toBe(126);
    expect(r.stderr).toBe(
      `secrets-run: error: cannot execute ${file}: permission denied [COMMAND_NOT_EXECUTABLE]\nsecrets-run: hint: name an executable file; a script needs the execute bit (chmod +x)\n`,
    );
    expect(r.stdout).toBe('');
  });

  it('a directory → 126', async () => {
    const cwd = makeTree({ 'somedir': { dir: true } });
    const r = await runCli(['--', './somedir'], { cwd });
    expect(r.code).toBe(126);
    expect(r.stderr).toBe(
      'secrets-run: error: cannot execute ./somedir: permission denied [COMMAND_NOT_EXECUTABLE]\nsecrets-run: hint: name an executable file; a script needs the execute bit (chmod +x)\n',
    );
  });

  it('a usage error (unknown flag) → 125, and the child never starts', async () => {
    const cwd = makeTree({});
    const marker = join(cwd, 'started');
    const r = await runCli(['--bogus-flag', '--', node, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`], { cwd });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('secrets-run: error: unknown option --bogus-flag');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(marker)).toBe(false);
  });

  it("a command inside --command that is not found → the shell's 127", async () => {
    const r = await runCli(['--command', 'secrets-run-no-such-command'], { cwd: makeTree({}) });
    expect(r.code).toBe(127);
  });
});

describe('the wrapper ends with its child (no lingering timers or handles)', () => {
  // Only a generous hang guard (runCli's timeout), never a timing assertion.
  it.each([
    ['a child that exits at once', ['--', node, `${CHILDREN}/exit-with.js`, '0'], 0],
    ['a shell command', ['--command', 'exit 5'], 5],
    ['true(1)', ['--', 'true'], 0],
  ] as const)('%s: the whole run ends', async (_name, args, code) => {
    const r = await runCli(args, { cwd: makeTree({}), timeoutMs: 15_000 });
    expect(r.code).toBe(code);
  });

  it('after a re-raised signal the run ends too', async () => {
    const r = await runCli(['--', node, `${CHILDREN}/kill-self.js`, 'SIGTERM'], { cwd: makeTree({}), timeoutMs: 15_000 });
    expect(r.signal).toBe('SIGTERM');
  });

  it('the wrapper exits when its child does, without waiting for a grandchild the child left behind', async () => {
    const cwd = makeTree({});
    const pidFile = join(cwd, 'grandchild.pid');
    // The child backgrounds a long sleep (stdio detached from our pipes) and exits 0 at once.
    const cli = startCli(['--', 'sh', '-c', `sleep 300 </dev/null >/dev/null 2>&1 & echo $! > "${pidFile}"`], { cwd });
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    const grandchild = Number(await waitFor(() => readLines(pidFile)[0], 'the grandchild pid'));
    reapAfterTest(grandchild);
    // Orphaned, re-parented, still running: Node cannot reap what it did not spawn (see docs/launch.md, --init).
    expect(exists(grandchild)).toBe(true);
  });
});
