import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, CHILDREN } from '../helpers/run-cli.js';
import { childrenOf, descendantsOf, exists, procInfo, readLines, waitFor } from '../helpers/launch-proc.js';
import { NPM_ENV, npmProject } from '../helpers/launch-npm.js';
import { Pane, tmuxUnavailable } from '../helpers/launch-tmux.js';
import { makeTree } from '../helpers/tree.js';
import { startEmulator } from '../../emulator/server.js';
import { bootstrapEnv, buildSeed, contract } from '../helpers/emulator-env.js';

// Issue 4, acceptance 4: Ctrl-C typed in a real terminal (tmux). The terminal sends SIGINT to its
// whole foreground process group, the child included; the wrapper, in that group too, must not send
// it a second time.

const node = process.execPath;
const TRAP = `${CHILDREN}/trap-signals.js`;
const SKIP = tmuxUnavailable();
if (SKIP !== undefined) console.warn(`launch-terminal: skipped: ${SKIP}`);

const isTrapChild = (argv: string[]): boolean => /node$/.test(argv[0] ?? '') && argv[1] === TRAP;

const startTrap = async (env: Record<string, string>, wrapped = true) => {
  const cwd = makeTree({});
  const log = join(cwd, 'trap.log');
  const pane = new Pane();
  pane.start({ file: wrapped ? BIN : node, args: wrapped ? ['--', node, TRAP] : [TRAP], cwd, env: { TRAP_LOG: log, ...env } });
  await pane.waitForScreen('ready');
  const pid = await pane.pid();
  return { pane, log, pid };
};

describe.skipIf(SKIP !== undefined)('Ctrl-C in a terminal (tmux)', () => {
  it('--watch: Ctrl-C stops the watched child once (it stays in the foreground group), and the run ends with its status', async () => {
    const emulator = await startEmulator({ seed: buildSeed({ prod: { '/shared/db': { POSTGRES_HOST: 'tty-watched-host' } } }), port: 0 });
    try {
      const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'db' }) });
      const log = join(cwd, 'trap.log');
      const pane = new Pane();
      pane.start({
        file: BIN,
        args: ['--watch', '--watch-interval', '5', '--', node, TRAP],
        cwd,
        env: { ...bootstrapEnv(emulator), TRAP_LOG: log, TRAP_EXIT_CODE: '6' },
      });
      await pane.waitForScreen('ready');
      const wrapper = await pane.pid();
      const child = childrenOf(wrapper).find((p) => isTrapChild(p.argv))!;
      expect(procInfo(child.pid)!.pgrp).toBe(procInfo(wrapper)!.pgrp);
      pane.sendKeys('C-c');
      expect(await pane.waitForStatus()).toEqual({ code: 6, signal: null });
      expect(readLines(log)).toEqual(['SIGINT']);
    } finally {
      await emulator.close();
    }
  });

  it("run directly: the child gets SIGINT exactly once, and its status is the wrapper's", async () => {
    const { pane, log, pid: wrapper } = await startTrap({ TRAP_EXIT_CODE: '6' });
    // The premise of the foreground rule: the wrapper is in the terminal's foreground group.
    const info = procInfo(wrapper)!;
    expect(info.tpgid).toBe(info.pgrp);
    pane.sendKeys('C-c');
    expect(await pane.waitForStatus()).toEqual({ code: 6, signal: null });
    expect(readLines(log)).toEqual(['SIGINT']);
  });

  // npm runs a script with `sh -c`. dash does not exec the last command, and a non-interactive sh
  // dies of the keyboard's SIGINT at once, so npm reports SIGINT while the wrapper (now orphaned)
  // still waits for its child. With `exec secrets-run ...` the wrapper replaces sh, and npm waits
  // for it and reports the child's own status (docs/launch.md recommends it).
  it.each([
    ['secrets-run -- node trap-signals.js', '', undefined],
    ['exec secrets-run -- node trap-signals.js', 'exec ', { code: 6, signal: null }],
  ] as const)('through `npm run` (script: %s): the child gets SIGINT exactly once', async (_name, prefix, npmStatus) => {
    const project = npmProject(`${prefix}secrets-run -- node ${TRAP}`);
    const log = join(project, 'trap.log');
    const pane = new Pane();
    const env = { TRAP_LOG: log, TRAP_EXIT_CODE: '6', ...NPM_ENV };
    pane.start({ file: 'npm', args: ['run', '--silent', 'trap'], cwd: project, env });
    await pane.waitForScreen('ready');
    const tree = descendantsOf(pane.runnerPid());
    const wrapper = tree.find((p) => /node$/.test(p.argv[0] ?? '') && p.argv.some((a) => a.endsWith('node_modules/.bin/secrets-run')));
    const child = tree.find((p) => isTrapChild(p.argv));
    expect(wrapper, JSON.stringify(tree.map((p) => p.argv))).toBeDefined();
    expect(child?.ppid).toBe(wrapper!.pid);
    expect(wrapper!.tpgid).toBe(wrapper!.pgrp);

    pane.sendKeys('C-c');
    await waitFor(() => !exists(child!.pid) && !exists(wrapper!.pid), 'the child and the wrapper to end');
    expect(readLines(log)).toEqual(['SIGINT']);
    const status = await pane.waitForStatus();
    if (npmStatus !== undefined) expect(status).toEqual(npmStatus);
  });

  it.each([
    ['with the wrapper', true],
    ['without the wrapper (baseline)', false],
  ] as const)('a second Ctrl-C behaves as without the wrapper: %s, the child logs SIGINT twice and decides when to exit', async (_name, wrapped) => {
    const { pane, log, pid } = await startTrap({ TRAP_STAY: '1' }, wrapped);
    pane.sendKeys('C-c');
    await waitFor(() => readLines(log).length === 1, 'the first SIGINT');
    pane.sendKeys('C-c');
    await waitFor(() => readLines(log).length === 2, 'the second SIGINT');
    // A round trip after the second Ctrl-C: the pane's command (wrapper or bare child) is still
    // there and, when wrapped, still forwarding; no escalation, no early exit.
    process.kill(pid, 'SIGUSR2');
    await waitFor(() => readLines(log).length === 3, 'SIGUSR2 after the two Ctrl-C');
    expect(readLines(log)).toEqual(['SIGINT', 'SIGINT', 'SIGUSR2']);
    expect(pane.status()).toBeUndefined();

    // The child decides to end (here: it dies of SIGKILL); the wrapper follows with the same death.
    const child = wrapped ? childrenOf(pid).find((p) => isTrapChild(p.argv))!.pid : pid;
    process.kill(child, 'SIGKILL');
    expect(await pane.waitForStatus()).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('Ctrl-\\ (SIGQUIT from the keyboard) also reaches the child exactly once', async () => {
    const { pane, log } = await startTrap({ TRAP_EXIT_CODE: '0' });
    pane.sendKeys('C-\\');
    expect(await pane.waitForStatus()).toEqual({ code: 0, signal: null });
    expect(readLines(log)).toEqual(['SIGQUIT']);
  });

  it("a child in a process group of its own (setsid) did not get the keyboard's SIGINT: the wrapper forwards it, once", async () => {
    const cwd = makeTree({});
    const log = join(cwd, 'trap.log');
    const pane = new Pane();
    pane.start({ file: BIN, args: ['--', 'setsid', node, TRAP], cwd, env: { TRAP_LOG: log, TRAP_EXIT_CODE: '8' } });
    await pane.waitForScreen('ready');
    const wrapper = await pane.pid();
    const child = await waitFor(() => childrenOf(wrapper).find((p) => isTrapChild(p.argv)), 'the setsid child');
    expect(child.pgrp).not.toBe(procInfo(wrapper)!.pgrp);
    pane.sendKeys('C-c');
    expect(await pane.waitForStatus()).toEqual({ code: 8, signal: null });
    expect(readLines(log)).toEqual(['SIGINT']);
  });

  it('a child that does not handle Ctrl-C dies of it, and so does the wrapper (a calling shell script stops too)', async () => {
    const pane = new Pane();
    pane.start({ file: BIN, args: ['--', node, '-e', 'console.log("ready"); setInterval(() => {}, 1 << 30)'], cwd: makeTree({}), env: {} });
    await pane.waitForScreen('ready');
    pane.sendKeys('C-c');
    expect(await pane.waitForStatus()).toEqual({ code: null, signal: 'SIGINT' });
  });

  it('an interactive child keeps its terminal: stdin and stdout are TTYs', async () => {
    const pane = new Pane();
    pane.start({ file: BIN, args: ['--', node, `${CHILDREN}/tty-check.js`], cwd: makeTree({}), env: {} });
    expect(await pane.waitForStatus()).toEqual({ code: 0, signal: null });
    expect(await pane.waitForScreen('{"stdin":true,"stdout":true}')).toContain('{"stdin":true,"stdout":true}');
  });

  it('known limit (documented): kill -INT <wrapper pid> in the foreground is not forwarded; kill -INT -<pgid> reaches the child once', async () => {
    const { log, pid: wrapper } = await startTrap({ TRAP_STAY: '1' });
    process.kill(wrapper, 'SIGINT'); // indistinguishable from the keyboard's without siginfo
    process.kill(wrapper, 'SIGUSR2');
    await waitFor(() => readLines(log).length >= 1, 'SIGUSR2');
    process.kill(-procInfo(wrapper)!.pgrp, 'SIGINT'); // the whole group, as the terminal does
    // The child's SIGINT (from the kernel) is waited for before the next forwarded signal: sent at
    // once, the two were pending together and the child's traps could run in either order.
    await waitFor(() => readLines(log).length >= 2, 'SIGINT');
    process.kill(wrapper, 'SIGUSR2');
    await waitFor(() => readLines(log).length >= 3, 'SIGUSR2');
    expect(readLines(log)).toEqual(['SIGUSR2', 'SIGINT', 'SIGUSR2']);
  });
});

describe.skipIf(SKIP !== undefined)('a slow start-up on a terminal (tmux)', () => {
  it('says it is waiting for Infisical after 1 s, and the line is gone once the command runs; never on a pipe', async () => {
    const { holdServer, FETCHING_TREE } = await import('../helpers/launch-hold.js');
    const hold = await holdServer();
    const cwd = makeTree(FETCHING_TREE);
    const pane = new Pane();
    pane.start({ file: BIN, args: ['--timeout', '3', '--', 'sh', '-c', 'echo command-ran; sleep 5'], cwd, env: hold.env });
    await pane.waitForScreen('waiting for Infisical...');
    const after = await pane.waitForScreen('command-ran');
    expect(after).not.toContain('waiting for Infisical...');
    const piped = await runCliPiped(hold.env, cwd);
    expect(piped).not.toContain('waiting for Infisical');
  });
});

// The same start-up on a pipe: stderr as a test reads it.
const runCliPiped = async (env: Record<string, string>, cwd: string): Promise<string> => {
  const { runCli } = await import('../helpers/run-cli.js');
  return (await runCli(['--timeout', '2', '--', 'true'], { cwd, env })).stderr;
};
