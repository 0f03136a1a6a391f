// Argument handling for the emulator's command line, separate from main.ts so it can be tested
// without spawning a process or installing signal handlers.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './server.js';
import type { Emulator, Faults, Limits } from './types.js';
import { allLegacy } from './legacy.js';
import { DEFAULT_LIMIT, DEFAULT_WINDOW_MS } from './limits.js';

export const USAGE = `usage: emulator [--port N] [--host H] [--seed PATH] [--latency MS] [--legacy]
                [--limit-secrets N] [--limit-auth N] [--limit-writes N] [--no-limits] [--tls-cert PATH --tls-key PATH] [--print-url]
                [--print-github]
  --port N       port to listen on (default 8880; 0 picks a free one)
  --host H       interface to bind (default 127.0.0.1)
  --seed PATH    seed JSON (default fixtures/emulator/demo-seed.json in the repository)
  --latency MS   delay added before every response
  --legacy       behave like the Oct-2024 server: no v4 routes, no reqId in errors, validation
                 failures 401, missing folder an empty 200, unknown client id 404, rate limit 500...
  --limit-secrets N
                 secret reads per client IP per sliding minute (default 60; 0: unlimited)
  --limit-auth N logins and token renewals per client IP per sliding minute (default 60; 0: unlimited)
  --limit-writes N
                 admin writes (bootstrap, projects, identities, Universal Auth, memberships) per client IP
                 per sliding minute (default 200; 0: unlimited)
  --no-limits    no per-IP rate limits at all (benchmarks, load tests)
  --tls-cert PATH, --tls-key PATH
                 serve https with this PEM certificate and key (both or neither)
  --print-url    print only the base URL on stdout once listening
  --print-github print ACTIONS_ID_TOKEN_REQUEST_URL=... and ACTIONS_ID_TOKEN_REQUEST_TOKEN=... on stdout
                 (after the URL with --print-url): the GitHub ID-token stand-in, for a script to export`;

export interface CliConfig {
  port: number;
  host: string;
  seedPath: string;
  faults: Faults;
  printUrl: boolean;
  /** The GitHub stand-in's request URL and (test-only, per-start) request token, for scripts. */
  printGithub: boolean;
  tls?: { certPath: string; keyPath: string };
}

export class UsageError extends Error {}

function toInt(name: string, raw: string, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > max) throw new UsageError(`--${name} must be an integer between 0 and ${max}, got '${raw}'`);
  return n;
}

/** Relative seed paths are tried against the cwd first, then the repository root. */
function resolveSeed(seed: string | undefined, cwd: string, rootDir: string): string {
  if (seed === undefined) return join(rootDir, 'fixtures', 'emulator', 'demo-seed.json');
  if (isAbsolute(seed)) return seed;
  const fromCwd = resolve(cwd, seed);
  if (existsSync(fromCwd)) return fromCwd;
  const fromRoot = resolve(rootDir, seed);
  return existsSync(fromRoot) ? fromRoot : fromCwd;
}

/**
 * A standalone emulator stands in for a real server, so it limits as one does unless told not to
 * (in-process, startEmulator has no limits unless `faults.limits` is set: docs/emulator.md).
 */
function limitsOf(secrets: string | undefined, auth: string | undefined, writes: string | undefined, none: boolean): Limits | undefined {
  if (none && (secrets !== undefined || auth !== undefined || writes !== undefined)) {
    throw new UsageError('--no-limits goes alone, without --limit-secrets, --limit-auth or --limit-writes');
  }
  if (none) return undefined;
  const of = (name: string, raw: string | undefined) => (raw === undefined ? DEFAULT_LIMIT : toInt(name, raw, 1_000_000));
  // `writes` left out is the server's default, 200 (limits.ts).
  return {
    secrets: of('limit-secrets', secrets),
    auth: of('limit-auth', auth),
    ...(writes !== undefined ? { writes: toInt('limit-writes', writes, 1_000_000) } : {}),
    windowMs: DEFAULT_WINDOW_MS,
  };
}

export function parseEmulatorArgs(argv: string[], cwd: string, rootDir: string): CliConfig | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        latency: { type: 'string' },
        legacy: { type: 'boolean' },
        'limit-secrets': { type: 'string' },
        'limit-auth': { type: 'string' },
        'limit-writes': { type: 'string' },
        'no-limits': { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'print-url': { type: 'boolean' },
        'print-github': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const faults: Faults = {};
  if (values.latency !== undefined) faults.latencyMs = toInt('latency', values.latency, 600_000);
  if (values.legacy) faults.legacy = allLegacy();
  const limits = limitsOf(values['limit-secrets'], values['limit-auth'], values['limit-writes'], values['no-limits'] === true);
  if (limits) faults.limits = limits;
  const [certPath, keyPath] = [values['tls-cert'], values['tls-key']];
  if ((certPath === undefined) !== (keyPath === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  return {
    port: values.port === undefined ? 8880 : toInt('port', values.port, 65535),
    host: values.host ?? '127.0.0.1',
    seedPath: resolveSeed(values.seed, cwd, rootDir),
    faults,
    printUrl: values['print-url'] === true,
    printGithub: values['print-github'] === true,
    ...(certPath !== undefined && keyPath !== undefined ? { tls: { certPath: resolve(cwd, certPath), keyPath: resolve(cwd, keyPath) } } : {}),
  };
}

export interface CliIo {
  cwd: string;
  rootDir: string;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** Starts the emulator; resolves undefined when only help was printed. */
export async function runEmulatorCli(argv: string[], io: CliIo): Promise<Emulator | undefined> {
  const config = parseEmulatorArgs(argv, io.cwd, io.rootDir);
  if (config === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  const tls = config.tls && { cert: readFileSync(config.tls.certPath, 'utf8'), key: readFileSync(config.tls.keyPath, 'utf8') };
  const emulator = await startEmulator({ seed: config.seedPath, port: config.port, host: config.host, faults: config.faults, ...(tls ? { tls } : {}) });
  io.stderr.write(`infisical emulator listening on ${emulator.url}\n`);
  if (config.printUrl) io.stdout.write(`${emulator.url}\n`);
  // Only on request: the request token is a throwaway of this emulator run, but a token all the same.
  if (config.printGithub) {
    io.stdout.write(`ACTIONS_ID_TOKEN_REQUEST_URL=${emulator.github.requestUrl}\nACTIONS_ID_TOKEN_REQUEST_TOKEN=${emulator.github.requestToken}\n`);
  }
  return emulator;
}
