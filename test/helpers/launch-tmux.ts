import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { cleanEnv } from './run-cli.js';
import { descendantsOf, killQuietly, waitFor, type Exit } from './launch-proc.js';

// A real terminal for the Ctrl-C tests: a tmux server on a private socket, one pane whose session
// leader is a small Node "runner". The runner starts the command in the pane's foreground process
// group (exactly like a shell without job control would), records its pid and its exit, and stays
// alive afterwards so the screen can still be read. It ignores SIGINT/SIGQUIT itself (it is in the
// same foreground group and would otherwise die of the keyboard's signals).

// Why the tests skip, or undefined when tmux is usable.
export const tmuxUnavailable = (): string | undefined => {
  const r = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (r.error) return `tmux is not installed (${(r.error as NodeJS.ErrnoException).code}); install tmux to run the terminal tests`;
  return r.status === 0 ? undefined : `tmux -V failed: ${r.stderr.trim()}`;
};

const RUNNER = `'use strict';
const fs = require('fs');
const { spawn } = require('child_process');
const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const put = (file, text) => { fs.writeFileSync(file + '.tmp', text); fs.renameSync(file + '.tmp', file); };
for (const s of ['SIGINT', 'SIGQUIT']) process.on(s, () => {});
const child = spawn(cfg.file, cfg.args, { cwd: cfg.cwd, env: cfg.env, stdio: 'inherit' });
child.on('error', (e) => put(cfg.statusFile, JSON.stringify({ error: String(e) })));
if (child.pid !== undefined) put(cfg.pidFile, String(child.pid));
child.on('exit', (code, signal) => put(cfg.statusFile, JSON.stringify({ code, signal })));
setInterval(() => {}, 1 << 30);
`;

export interface PaneCommand {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string | undefined>;
}

let counter = 0;
const live: Pane[] = [];

export class Pane {
  readonly socket = `secrets-run-launch-${process.pid}-${++counter}`;
  readonly dir = mkdtempSync(join(tmpdir(), 'secrets-run-tmux-'));
  private readonly pidFile = join(this.dir, 'child.pid');
  private readonly statusFile = join(this.dir, 'status.json');
  private runner = 0;

  constructor() {
    live.push(this);
  }

  // TMUX_TMPDIR keeps the socket inside this pane's temp dir, removed with it (kill-server leaves the
  // socket file behind).
  private readonly env = cleanEnv({ SHELL: '/bin/sh', TMUX_TMPDIR: this.dir });

  private tmux(args: readonly string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: this.env });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  }

  // Starts the pane running the command under the runner.
  start(command: PaneCommand): void {
    const runnerFile = join(this.dir, 'runner.js');
    const configFile = join(this.dir, 'config.json');
    writeFileSync(runnerFile, RUNNER);
    writeFileSync(configFile, JSON.stringify({ ...command, env: cleanEnv(command.env), pidFile: this.pidFile, statusFile: this.statusFile }));
    const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    this.tmux(['new-session', '-d', '-x', '120', '-y', '40', '-c', command.cwd, `exec ${q(process.execPath)} ${q(runnerFile)} ${q(configFile)}`]);
    this.runner = Number(this.tmux(['display-message', '-p', '#{pane_pid}']).trim());
  }

  // The pid of the command the runner started (the wrapper, when the command is the bin itself).
  pid(): Promise<number> {
    return waitFor(() => (existsSync(this.pidFile) ? Number(readFileSync(this.pidFile, 'utf8')) : undefined), "the pane command's pid");
  }

  runnerPid(): number {
    return this.runner;
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J']);
  }

  waitForScreen(text: string): Promise<string> {
    return waitFor(() => {
      const screen = this.screen();
      if (screen.includes(text)) return screen;
      const status = this.status();
      if (status !== undefined) throw new Error(`the pane command ended (${JSON.stringify(status)}) before showing '${text}':\n${screen}`);
      return undefined;
    }, `'${text}' on the terminal`);
  }

  sendKeys(...keys: string[]): void {
    this.tmux(['send-keys', ...keys]);
  }

  status(): (Exit & { error?: string }) | undefined {
    return existsSync(this.statusFile) ? (JSON.parse(readFileSync(this.statusFile, 'utf8')) as Exit) : undefined;
  }

  waitForStatus(): Promise<Exit & { error?: string }> {
    return waitFor(() => this.status(), 'the pane command to exit');
  }

  // Everything the runner started (a trapping child survives the server's SIGHUP), then the server.
  kill(): void {
    if (this.runner > 0) for (const p of descendantsOf(this.runner)) killQuietly(p.pid);
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore', env: this.env });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

afterEach(() => {
  while (live.length > 0) live.pop()!.kill();
});
