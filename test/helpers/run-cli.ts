import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLeak, ownOutput } from './canary-registry.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}bin/secrets-run.js`;
export const CHILDREN = `${ROOT}fixtures/children`;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  onSpawn?: (child: ChildProcess) => void;
  onStdout?: (chunk: string, child: ChildProcess) => void;
}

// The token cache is on by default: each run gets a cache directory of its own (made by the run, under
// one temporary root per test process, removed at exit), so no run finds another's token, runs keep
// logging in once each, and the developer's ~/.cache is never touched. A test of the cache passes its
// own SECRETS_RUN_CACHE_DIR (or the key with undefined, to leave it unset).
let cacheRoot: string | undefined;
let cacheRuns = 0;
export const freshCacheDir = (): string => {
  if (cacheRoot === undefined) {
    const root = mkdtempSync(join(tmpdir(), 'secrets-run-test-caches-'));
    process.on('exit', () => rmSync(root, { recursive: true, force: true }));
    cacheRoot = root;
  }
  return join(cacheRoot, `run-${cacheRuns++}`);
};

// Every variable that carries a credential: none may appear in secrets-run's own output.
const CREDENTIAL_NAMES = [
  'INFISICAL_CLIENT_SECRET',
  'INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET',
  'INFISICAL_TOKEN',
  'INFISICAL_JWT',
  'INFISICAL_OIDC_AUTH_JWT',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'SECRETS_RUN_CACHE_KEY',
  'INFISICAL_ADMIN_TOKEN',
  'INFISICAL_ADMIN_PASSWORD',
];

// A clean environment: only what a test passes, plus PATH and HOME, so the developer's own
// INFISICAL_* or SECRETS_RUN_* variables never leak into a test.
export const cleanEnv = (extra: Record<string, string | undefined> = {}): Record<string, string> => {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp' };
  if (!('SECRETS_RUN_CACHE_DIR' in extra)) env['SECRETS_RUN_CACHE_DIR'] = freshCacheDir();
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
};

// Runs the real bin (through its shebang) in its own session, so terminal and process-group
// signals of the test runner never reach it.
export const runCli = (args: readonly string[], options: RunOptions): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(BIN, args, {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(chunk, child);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`secrets-run ${args.join(' ')} did not end within ${options.timeoutMs ?? 20_000} ms\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    options.onSpawn?.(child);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // The suite-wide leak check: secrets-run's own lines, and the stdout of plan, provision and of a
      // masked export, never hold a secret (export --reveal prints values: that is its job).
      const env = options.env ?? {};
      const checksStdout = args.includes('plan') || args.includes('provision') || (args.includes('export') && !args.includes('--reveal'));
      const own = ownOutput(stderr) + (checksStdout ? `\n${stdout}` : '');
      const leak = findLeak(
        own,
        CREDENTIAL_NAMES.map((name) => env[name]),
      );
      if (leak !== undefined) return reject(new Error(`secrets-run leaked a secret in its own output: ${leak}`));
      resolve({ code, signal, stdout, stderr });
    });
  });
