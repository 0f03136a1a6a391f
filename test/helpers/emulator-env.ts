// Shared setup for the end-to-end tests of "fetch from Infisical": a seed builder, one in-process
// emulator per test file, and runWith(), which runs the real bin with the bootstrap variables
// pointing at that emulator.
import { registerSecret } from './canary-registry.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator, Seed, SeedSecretValue } from '../../emulator/types.js';
import { CHILDREN, runCli, type CliResult } from './run-cli.js';

export type { Emulator, Faults, Seed, Stats } from '../../emulator/types.js';

export const CLIENT_ID = 'e2e-client-id';
export const CLIENT_SECRET = 'e2e-client-secret';
export const PROJECT_ID = 'e2e-project';
// A valid identity that is not a member of PROJECT_ID: its list requests get 403.
export const OUTSIDER_ID = 'e2e-outsider-id';
export const OUTSIDER_SECRET = 'e2e-outsider-secret';

// folder path -> key -> value
export type Folders = Record<string, Record<string, SeedSecretValue>>;

export interface SeedOptions {
  clientId?: string;
  clientSecret?: string;
  projectId?: string;
  outsiderSecret?: string;
}

// environments: slug -> folders. Every environment also has `/` (the emulator adds it).
export const buildSeed = (environments: Record<string, Folders>, options: SeedOptions = {}): Seed => {
  const projectId = options.projectId ?? PROJECT_ID;
  for (const folders of Object.values(environments))
    for (const secrets of Object.values(folders)) for (const value of Object.values(secrets)) registerSecret(typeof value === 'string' ? value : value.value);
  registerSecret(options.clientSecret ?? CLIENT_SECRET);
  registerSecret(options.outsiderSecret ?? OUTSIDER_SECRET);
  return {
    identities: [
      { clientId: options.clientId ?? CLIENT_ID, clientSecret: options.clientSecret ?? CLIENT_SECRET, projects: [projectId] },
      { clientId: OUTSIDER_ID, clientSecret: options.outsiderSecret ?? OUTSIDER_SECRET, projects: [] },
    ],
    projects: {
      [projectId]: {
        environments: Object.fromEntries(
          Object.entries(environments).map(([env, folders]) => [
            env,
            { folders: Object.fromEntries(Object.entries(folders).map(([path, secrets]) => [path, { secrets }])) },
          ]),
        ),
      },
    },
  };
};

// One emulator for the whole file; faults and stats are reset before every test, so each test
// starts from a healthy server and counts only its own requests.
export const useEmulator = (seed: Seed | (() => Seed)): (() => Emulator) => {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: typeof seed === 'function' ? seed() : seed, port: 0 });
  });
  beforeEach(() => {
    emulator?.setFaults({});
    emulator?.resetStats();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return () => {
    if (emulator === undefined) throw new Error('the emulator is not running (used outside a test?)');
    return emulator;
  };
};

// The four bootstrap variables for `emulator`; a test overrides or removes (undefined) any of them.
export const bootstrapEnv = (emulator: Emulator, credentials: { clientId?: string; clientSecret?: string; projectId?: string } = {}) => ({
  INFISICAL_ADDR: emulator.url,
  INFISICAL_CLIENT_ID: credentials.clientId ?? CLIENT_ID,
  INFISICAL_CLIENT_SECRET: credentials.clientSecret ?? CLIENT_SECRET,
  INFISICAL_PROJECT_ID: credentials.projectId ?? PROJECT_ID,
});

export interface RunWithOptions {
  cwd: string;
  timeoutMs?: number;
}

// Runs the real bin against `emulator`. `env` is layered over the bootstrap variables, so a test can
// replace one (`{ INFISICAL_ENVIRONMENT: 'dev' }`) or drop one (`{ INFISICAL_CLIENT_ID: undefined }`).
export const runWith = (emulator: Emulator, args: readonly string[], env: Record<string, string | undefined>, options: RunWithOptions): Promise<CliResult> =>
  runCli(args, { cwd: options.cwd, timeoutMs: options.timeoutMs, env: { ...bootstrapEnv(emulator), ...env } });

// `-- node print-env.js NAME...`: the child prints {"NAME": value-or-null} on stdout.
export const printEnv = (...names: string[]): string[] => ['--', process.execPath, join(CHILDREN, 'print-env.js'), ...names];

// The child's JSON; fails loudly (with stderr) when the child did not run.
export const childEnv = (result: CliResult): Record<string, string | null> => {
  const line = result.stdout.trim();
  if (line === '') throw new Error(`the child printed nothing (exit ${result.code})\nstderr: ${result.stderr}`);
  return JSON.parse(line) as Record<string, string | null>;
};

// A child that proves it started by creating a marker file, and prints nothing.
export const touchMarker = (marker: string): string[] => ['--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'started')`];

// secrets-run's own stderr lines (the child's stderr is not prefixed).
export const ownLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('secrets-run:'));

// Lines that speak about Infisical, which lenient mode keeps to exactly one.
export const infisicalWarnings = (stderr: string): string[] =>
  ownLines(stderr).filter((l) => /infisical/i.test(l) && /warning/i.test(l) && !/required keys? missing/.test(l));

// The advice under an error or the Infisical warning (cli/advice.ts).
export const hintLines = (stderr: string): string[] => ownLines(stderr).filter((l) => l.startsWith('secrets-run: hint: '));

// Lines other than the Infisical warning, its hint and the "required keys missing" summary.
export const otherLines = (stderr: string): string[] =>
  ownLines(stderr).filter((l) => !(/infisical/i.test(l) && /warning/i.test(l)) && !/required keys? missing/.test(l) && !hintLines(l).length);

// A contract file: a transport (metadata.transport_type), more transports as handlers, and
// environment dependencies (`NAME` required, `NAME?` optional).
export const contract = (spec: { transport?: string; handlers?: string[]; env?: string[] }): string => {
  const lines: string[] = ['name: e2e_node'];
  if (spec.transport !== undefined) lines.push('metadata:', `  transport_type: ${spec.transport}`);
  if (spec.handlers !== undefined && spec.handlers.length > 0) {
    lines.push('handler_routing:', '  handlers:');
    for (const h of spec.handlers) lines.push(`    - handler_type: ${h}`);
  }
  if (spec.env !== undefined && spec.env.length > 0) {
    lines.push('dependencies:');
    for (const e of spec.env) {
      const optional = e.endsWith('?');
      lines.push(`  - {type: environment, env_var: ${optional ? e.slice(0, -1) : e}, required: ${optional ? 'false' : 'true'}}`);
    }
  }
  return lines.join('\n') + '\n';
};

// Every entry under `dir`, recursively, as sorted relative paths: a before/after snapshot.
export const listTree = (dir: string): string[] => {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      out.push(entry.isDirectory() ? `${path}/` : path);
      if (entry.isDirectory() && !entry.isSymbolicLink()) walk(path);
    }
  };
  walk('');
  return out.sort();
};

// A ready bearer token, the only way the emulator issues one: a login, made here with fetch.
export const loginToken = async (emulator: Emulator, clientId = CLIENT_ID, clientSecret = CLIENT_SECRET): Promise<string> => {
  const response = await fetch(`${emulator.url}/api/v1/auth/universal-auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, clientSecret }),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (response.status !== 200 || typeof body.accessToken !== 'string') throw new Error(`login failed: HTTP ${response.status}`);
  return body.accessToken;
};

export type { CliResult };
