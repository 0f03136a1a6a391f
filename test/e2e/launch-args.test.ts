import { describe, expect, it } from 'vitest';
import { CHILDREN, runCli } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

// Issue 4, acceptance 5: the command's arguments reach it unchanged (no shell in between), and
// --command "STRING" goes through the system shell.

const node = process.execPath;
const ECHO = `${CHILDREN}/argv-echo.js`;

const argvOf = async (args: readonly string[], env: Record<string, string> = {}): Promise<string[]> => {
  const r = await runCli(args, { cwd: makeTree({ 'a.txt': '', 'b.txt': '' }), env });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as string[];
};

describe('arguments reach the child unchanged', () => {
  const awkward = [
    'two words',
    '  leading and trailing  ',
    'double "quoted"',
    "single 'quoted'",
    'back\\slash',
    'ünïcødé ✓ 日本語 🚀',
    '*',
    '*.txt',
    '?',
    '[ab].txt',
    '$HOME',
    '${PATH}',
    '$(echo injected)',
    '`echo injected`',
    '',
    'a;b|c&d>e<f',
    'new\nline',
    'tab\there',
    '~',
    '-',
    '=x',
  ];

  it('spaces, quotes, unicode, globs, $VARS, command substitution, an empty string, newlines', async () => {
    expect(await argvOf(['--', node, ECHO, ...awkward], { HOME: '/home/should-not-expand' })).toEqual(awkward);
  });

  it("the same through the script's shebang (the command is the file itself)", async () => {
    expect(await argvOf(['--', ECHO, ...awkward])).toEqual(awkward);
  });

  it('a `--` after the command belongs to the command', async () => {
    expect(await argvOf(['--', node, ECHO, '--', '--flag'])).toEqual(['--', '--flag']);
  });

  it("the wrapper's own flags after the command belong to the command", async () => {
    const flags = ['--env-file', 'x.env', '--quiet', '--help', '--version', '-v', '--command', 'echo hi', 'plan', '--'];
    // `node -- FILE`: Node 20 itself would otherwise claim a `--env-file` found after the script name
    // (the same trap the bin avoids for the wrapper; a child running Node 20 has to avoid it too).
    expect(await argvOf(['--', node, '--', ECHO, ...flags])).toEqual(flags);
  });

  it('a command word `plan` after `--` is the command, not the plan subcommand', async () => {
    const cwd = makeTree({ 'plan': '#!/bin/sh\necho "plan ran: $*"\n' });
    const r = await runCli(['--', 'sh', 'plan', 'x'], { cwd });
    expect([r.code, r.stdout]).toEqual([0, 'plan ran: x\n']);
  });

  it('a leading `--` twice: the second is the first word of the command line', async () => {
    // `secrets-run -- -- x` would try to run a command literally named "--".
    const r = await runCli(['--', '--', 'x'], { cwd: makeTree({}) });
    expect(r.code).toBe(127);
    expect(r.stderr).toBe(
      'secrets-run: error: command not found: -- [COMMAND_NOT_FOUND]\nsecrets-run: hint: check its spelling, and that it is on PATH or given as a path\n',
    );
  });
});

describe('--command STRING runs through the system shell', () => {
  it('arithmetic and a pipe', async () => {
    const r = await runCli(['--command', 'echo $((1+2)) | cat'], { cwd: makeTree({}) });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '3\n', '']);
  });

  it("the shell expands variables from the child's environment and globs in the working directory", async () => {
    const r = await runCli(['--command', 'printf "%s|" "$GREETING" *.txt'], { cwd: makeTree({ 'a.txt': '', 'b.txt': '' }), env: { GREETING: 'hello world' } });
    expect([r.code, r.stdout]).toEqual([0, 'hello world|a.txt|b.txt|']);
  });

  it("the shell's exit status is the wrapper's", async () => {
    const r = await runCli(['--command', 'false || exit 9'], { cwd: makeTree({}) });
    expect(r.code).toBe(9);
  });

  it('--command=STRING form, and the shell script may itself contain `--`', async () => {
    const r = await runCli([`--command=${node} ${ECHO} -- 'a b'`], { cwd: makeTree({}) });
    expect([r.code, JSON.parse(r.stdout)]).toEqual([0, ['--', 'a b']]);
  });

  it('--command with extra arguments is a usage error (125), nothing runs', async () => {
    const r = await runCli(['--command', 'echo hi', '--', 'extra'], { cwd: makeTree({}) });
    expect(r.code).toBe(125);
    expect(r.stdout).toBe('');
  });
});
