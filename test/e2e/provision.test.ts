// Issue 16, item 1: `secrets-run provision` takes a fresh Infisical (the emulator with an empty seed) to
// a project, a machine identity that logs in, the contracts' folders and the four variables in the env
// file, idempotently: a second run changes nothing, a lookup that fails is never taken for "absent",
// a race is re-checked, a half-written pair is a conflict. The real bin against the real emulator.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator } from '../../emulator/types.js';
import { ADMIN_SEED, ADMIN_TOKEN } from '../emulator/admin-helpers.js';
import { registerSecret } from '../helpers/canary-registry.js';
import { childEnv, contract, ownLines, printEnv } from '../helpers/emulator-env.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

const FOUR = ['INFISICAL_ADDR', 'INFISICAL_CLIENT_ID', 'INFISICAL_CLIENT_SECRET', 'INFISICAL_PROJECT_ID'];
const PASSWORD = 'provision-test-admin-password';

const emulators: Emulator[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const fresh = async (): Promise<Emulator> => {
  const emu = await startEmulator({ seed: 'fixtures/emulator/fresh-seed.json', port: 0 });
  emulators.push(emu);
  return emu;
};

// Two transports with keys (db, kafka) and environment dependencies (env): /shared/{db,env,kafka}.
const service = (): string =>
  makeTree({
    'nodes/api/contract.yaml': contract({ transport: 'db', env: ['API_MODE'] }),
    'nodes/worker/contract.yaml': contract({ transport: 'kafka' }),
  });

const provision = (cwd: string, addr: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  runCli(['provision', ...args], { cwd, env: { INFISICAL_ADDR: addr, INFISICAL_ADMIN_PASSWORD: PASSWORD, ...env } });

const results = (r: CliResult): string[] =>
  ownLines(r.stderr)
    .filter((l) => /provision \[\d\/8\]/.test(l))
    .map((l) => /\[(\d)\/8\] .*?: (\S+)/.exec(l)!.slice(1, 3).join(' '));

const creates = (emu: Emulator): string[] => emu.stats().requests.filter((r) => /^(POST|PATCH) (?!login|identities\.search)/.test(r));
const mode = (path: string): number => statSync(path).mode & 0o777;
const envOf = (cwd: string): Record<string, string> => parse(readFileSync(join(cwd, '.env')));
const tokenOf = (cwd: string): string => readFileSync(join(cwd, '.infisical-admin-token'), 'utf8').split('\n')[0]!;

// Every credential provision made is registered: from then on every run of the suite is checked for it.
const register = (cwd: string): void => {
  registerSecret(envOf(cwd)['INFISICAL_CLIENT_SECRET']);
  registerSecret(tokenOf(cwd));
};

// No client secret, admin token or password in anything secrets-run printed.
const expectNoCredentials = (cwd: string, ...runs: CliResult[]): void => {
  const secrets = [envOf(cwd)['INFISICAL_CLIENT_SECRET']!, tokenOf(cwd), PASSWORD];
  for (const run of runs) for (const secret of secrets.filter((s) => s.length >= 8)) expect(run.stdout + run.stderr).not.toContain(secret);
};

// A provisioned service: the first run, checked to have made everything.
const provisioned = async (): Promise<{ emu: Emulator; cwd: string; first: CliResult }> => {
  const emu = await fresh();
  const cwd = service();
  const first = await provision(cwd, emu.url);
  expect(first.code, first.stderr).toBe(0);
  register(cwd);
  return { emu, cwd, first };
};

describe('secrets-run provision (real bin, emulator)', () => {
  it('on a fresh server: all 8 steps created, the env file and token file 0600, and a run logs in with them', async () => {
    const { emu, cwd, first } = await provisioned();
    expect(results(first)).toEqual(['1 created', '2 created', '3 created', '4 created', '5 created', '6 created', '7 created', '8 created']);
    expect(ownLines(first.stderr)).toContain('secrets-run: provision [3/8] identity onex-runtime: created');
    expect(mode(join(cwd, '.env'))).toBe(0o600);
    expect(mode(join(cwd, '.infisical-admin-token'))).toBe(0o600);
    const env = envOf(cwd);
    expect(Object.keys(env)).toEqual(FOUR);
    expect(env['INFISICAL_ADDR']).toBe(emu.url);
    expect(env['INFISICAL_CLIENT_SECRET']).toMatch(/^[0-9a-f]{64}$/);
    const writes = emu.stats().writes;
    expect(writes).toMatchObject({ bootstraps: 1, projects: 1, identities: 1, universalAuth: 1, clientSecrets: 1, memberships: 1, folders: 12 });
    expectNoCredentials(cwd, first);

    // A value put in /shared/env (prod: a run's default environment) with the admin token reaches a command run with the env file alone.
    const put = await fetch(`${emu.url}/api/v3/secrets/raw/API_DB_HOST`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenOf(cwd)}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        workspaceId: env['INFISICAL_PROJECT_ID'],
        environment: 'prod',
        secretPath: '/shared/env',
        secretValue: 'db.provisioned',
        type: 'shared',
      }),
    });
    expect(put.status).toBe(200);
    writeFileSync(join(cwd, 'nodes/api/contract.yaml'), contract({ transport: 'db', env: ['API_DB_HOST'] }));
    const run = await runCli(printEnv('API_DB_HOST'), { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(childEnv(run)).toEqual({ API_DB_HOST: 'db.provisioned' });
  });

  it('a re-run: every step exists, no create and no new client secret in the request log, the env file unchanged', async () => {
    const { emu, cwd } = await provisioned();
    const before = readFileSync(join(cwd, '.env'));
    emu.resetStats();
    const again = await provision(cwd, emu.url);
    expect(again.code, again.stderr).toBe(0);
    expect(results(again)).toEqual(['1 exists', '2 exists', '3 exists', '4 exists', '5 exists', '6 exists', '7 exists', '8 exists']);
    expect(creates(emu)).toEqual([]);
    expect(Object.values(emu.stats().writes).every((n) => n === 0)).toBe(true);
    expect(readFileSync(join(cwd, '.env'))).toEqual(before);
    expectNoCredentials(cwd, again);
  });

  it('a re-run whose env file lost INFISICAL_PROJECT_ID looks everything up, mints nothing and fills only that key', async () => {
    const { emu, cwd } = await provisioned();
    const env = envOf(cwd);
    writeFileSync(
      join(cwd, '.env'),
      `# mine\nOTHER=1\nINFISICAL_PROJECT_ID=\nINFISICAL_CLIENT_ID=${env['INFISICAL_CLIENT_ID']}\nINFISICAL_CLIENT_SECRET=${env['INFISICAL_CLIENT_SECRET']}\n`,
    );
    emu.resetStats();
    const again = await provision(cwd, emu.url);
    expect(again.code, again.stderr).toBe(0);
    expect(results(again)).toEqual(['1 exists', '2 exists', '3 exists', '4 exists', '5 exists', '6 exists', '7 exists', '8 created']);
    expect(creates(emu)).toEqual([]);
    expect(readFileSync(join(cwd, '.env'), 'utf8')).toBe(
      `# mine\nOTHER=1\nINFISICAL_PROJECT_ID=${env['INFISICAL_PROJECT_ID']}\nINFISICAL_CLIENT_ID=${env['INFISICAL_CLIENT_ID']}\nINFISICAL_CLIENT_SECRET=${env['INFISICAL_CLIENT_SECRET']}\n# Infisical machine identity (secrets-run provision)\nINFISICAL_ADDR=${emu.url}\n`,
    );
  });

  it('a folder made by someone else between the listing and the create: the 400 is re-checked, and counts as existing', async () => {
    const emu = await fresh();
    const cwd = service();
    const proxy = await racingProxy(emu, 'kafka');
    const r = await provision(cwd, proxy);
    expect(r.code, r.stderr).toBe(0);
    register(cwd);
    expect(r.stderr).toMatch(/\[6\/8\] folders \/shared\/\{db,env,kafka\} in dev, staging, prod: created \(9 made, 3 existed\)/);
    const log = emu.stats().requests;
    expect(log.filter((l) => l === 'POST folders.create 400')).toHaveLength(3);
    // Each 400 is followed by a new listing before the run goes on.
    log.forEach((line, i) => line === 'POST folders.create 400' && expect(log[i + 1]).toBe('GET folders.list 200'));
  });

  it('a 5xx on an existence check is a failure (exit 1, naming the route and status), never a create', async () => {
    const emu = await fresh();
    const cwd = service();
    emu.setFaults({ status5xx: { route: 'read', status: 503 } });
    const r = await provision(cwd, emu.url);
    expect(r.code).toBe(1);
    registerSecret(tokenOf(cwd));
    expect(ownLines(r.stderr)).toContain('secrets-run: provision [2/8] project onex: failed');
    expect(r.stderr).toMatch(/error: GET \/api\/v1\/workspace: .*HTTP 503.*\[INFISICAL_UNREACHABLE\]/);
    expect(creates(emu)).toEqual(['POST admin.bootstrap 200']);
  });

  it('half a pair in the env file is a conflict before any request; --force mints a secret and writes the identity’s own id', async () => {
    const { emu, cwd } = await provisioned();
    const env = envOf(cwd);
    writeFileSync(join(cwd, '.env'), `INFISICAL_ADDR=${emu.url}\nINFISICAL_CLIENT_ID=stale-client-id\nINFISICAL_CLIENT_SECRET=\n`, { mode: 0o600 });
    emu.resetStats();
    const refused = await provision(cwd, emu.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\.env has INFISICAL_CLIENT_ID but no INFISICAL_CLIENT_SECRET.*\[PROVISION_CONFLICT\]/);
    expect(refused.stderr).toMatch(/hint: .*--force/);
    expect(emu.stats().total).toBe(0);

    const forced = await provision(cwd, emu.url, ['--force']);
    expect(forced.code, forced.stderr).toBe(0);
    register(cwd);
    expect(results(forced)).toEqual(['1 exists', '2 exists', '3 exists', '4 exists', '5 created', '6 exists', '7 exists', '8 created']);
    expect(emu.stats().writes.clientSecrets).toBe(1);
    const now = envOf(cwd);
    expect(now['INFISICAL_CLIENT_ID']).toBe(env['INFISICAL_CLIENT_ID']); // the identity's real id, not the stale one
    expect(now['INFISICAL_CLIENT_SECRET']).not.toBe(env['INFISICAL_CLIENT_SECRET']);
    expect(now['INFISICAL_PROJECT_ID']).toBe(env['INFISICAL_PROJECT_ID']);
    const login = await fetch(`${emu.url}/api/v1/auth/universal-auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: now['INFISICAL_CLIENT_ID'], clientSecret: now['INFISICAL_CLIENT_SECRET'] }),
    });
    expect(login.status).toBe(200);
    expectNoCredentials(cwd, refused, forced);
  });

  it('a pair that no longer logs in is a conflict without --force', async () => {
    const { emu, cwd } = await provisioned();
    const env = envOf(cwd);
    writeFileSync(join(cwd, '.env'), readFileSync(join(cwd, '.env'), 'utf8').replace(env['INFISICAL_CLIENT_SECRET']!, 'f'.repeat(64)));
    emu.resetStats();
    const r = await provision(cwd, emu.url);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/do not log in .*\[PROVISION_CONFLICT\]/);
    expect(creates(emu)).toEqual([]);
  });

  it('--dry-run makes no write request: on a provisioned server it reads, and names the one folder a new transport needs', async () => {
    const { emu, cwd } = await provisioned();
    writeFileSync(join(cwd, 'nodes/worker/contract.yaml'), contract({ transport: 'valkey' }));
    emu.resetStats();
    const r = await provision(cwd, emu.url, ['--dry-run', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { dryRun: boolean; ok: boolean; steps: { step: number; result: string; detail?: string }[]; written: string[] };
    expect(out.dryRun).toBe(true);
    expect(out.ok).toBe(true);
    expect(out.steps.map((s) => s.result)).toEqual(['exists', 'exists', 'exists', 'exists', 'exists', 'would-create', 'exists', 'exists']);
    expect(out.steps[5]!.detail).toBe('3 to make, 9 existed');
    expect(creates(emu)).toEqual([]);
    expect(Object.values(emu.stats().writes).every((n) => n === 0)).toBe(true);
  });

  it('--dry-run on a fresh server without an admin token sends nothing and says what every step would do', async () => {
    const emu = await fresh();
    const cwd = service();
    const r = await provision(cwd, emu.url, ['--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(results(r)).toEqual(Array.from({ length: 8 }, (_, i) => `${i + 1} would-create`));
    expect(emu.stats().total).toBe(0);
    expect(() => statSync(join(cwd, '.env'))).toThrow();
    expect(() => statSync(join(cwd, '.infisical-admin-token'))).toThrow();
  });

  it('--format json: one object on stdout, with each step and the keys written, and no credential', async () => {
    const emu = await fresh();
    const cwd = service();
    const r = await provision(cwd, emu.url, ['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    register(cwd);
    const out = JSON.parse(r.stdout) as { steps: { name: string; result: string }[]; written: string[] };
    expect(out.steps.map((s) => `${s.name}: ${s.result}`)).toEqual([
      'admin bootstrap: created',
      'project: created',
      'identity: created',
      'universal auth: created',
      'client secret: created',
      'folders: created',
      'membership: created',
      'env file: created',
    ]);
    expect(out.written).toEqual(FOUR);
    expectNoCredentials(cwd, r);
  });

  it('a server set up already, with no admin token: exit 1, saying where the token comes from', async () => {
    const { emu, cwd } = await provisioned();
    const token = tokenOf(cwd);
    writeFileSync(join(cwd, '.infisical-admin-token'), '');
    const r = await provision(cwd, emu.url);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/set up already .*no admin token.*\[PROVISION_CONFLICT\]/);
    expect(r.stderr).toMatch(/hint: set INFISICAL_ADMIN_TOKEN/);
    // The token given in the environment works instead of the file.
    const withToken = await provision(cwd, emu.url, [], { INFISICAL_ADMIN_TOKEN: token });
    expect(withToken.code, withToken.stderr).toBe(0);
  });

  it('the older server (no bootstrap route, a folder made twice answered 200): a clear exit 1 without a token, and the seeded admin token works', async () => {
    const LEGACY = { noBootstrap: true, existingFolder200: true, noReqId: true, validation401: true, unknownClientId404: true };
    const emu = await startEmulator({ seed: ADMIN_SEED, port: 0, faults: { legacy: LEGACY } });
    emulators.push(emu);
    registerSecret(ADMIN_TOKEN);
    const cwd = service();
    const refused = await provision(cwd, emu.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no bootstrap route .*\[PROVISION_CONFLICT\]/);
    expect(creates(emu)).toEqual(['POST admin.bootstrap 404']);

    // The existing project (found by its slug) already has /shared/db in prod.
    const args = ['--project', 'project-one', '--organization', 'Acme'];
    const r = await provision(cwd, emu.url, args, { INFISICAL_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(r.code, r.stderr).toBe(0);
    registerSecret(envOf(cwd)['INFISICAL_CLIENT_SECRET']);
    expect(results(r)).toEqual(['1 exists', '2 exists', '3 created', '4 created', '5 created', '6 created', '7 created', '8 created']);
    expect(r.stderr).toMatch(/folders .*: created \(10 made, 2 existed\)/);
    expect(envOf(cwd)['INFISICAL_PROJECT_ID']).toBe('p1');
    emu.resetStats();
    const again = await provision(cwd, emu.url, args, { INFISICAL_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(again.code, again.stderr).toBe(0);
    expect(creates(emu)).toEqual([]);
  });

  it('canary: a server that echoes requests in its errors never gets the password or the admin token into the output', async () => {
    const emu = await fresh();
    const cwd = service();
    emu.setFaults({ echoRequest: { route: 'write' } });
    const bootstrap = await provision(cwd, emu.url);
    expect(bootstrap.code).toBe(1);
    expect(bootstrap.stderr).toMatch(/POST \/api\/v1\/admin\/bootstrap: .*HTTP 400/);
    expect(bootstrap.stderr).toContain('[redacted]');
    expect(bootstrap.stdout + bootstrap.stderr).not.toContain(PASSWORD);

    emu.setFaults({});
    expect((await provision(cwd, emu.url)).code).toBe(0);
    register(cwd);
    const token = tokenOf(cwd);
    writeFileSync(join(cwd, '.env'), '');
    emu.setFaults({ echoRequest: { route: 'read' } });
    const lookup = await provision(cwd, emu.url, ['--format', 'json'], { INFISICAL_ADMIN_TOKEN: token });
    expect(lookup.code).toBe(1);
    expect(JSON.parse(lookup.stdout)).toMatchObject({ ok: false, error: { code: 'INFISICAL_HTTP' } });
    expect(lookup.stdout + lookup.stderr).toContain('[redacted]');
    expect(lookup.stdout + lookup.stderr).not.toContain(token);
  });

  it('usage and settings mistakes are 125 before any request', async () => {
    const emu = await fresh();
    const cwd = service();
    for (const args of [['--role', 'developer'], ['--format', 'yaml'], ['--environments', 'Prod!'], ['--no-env-file'], ['--reveal']]) {
      const r = await provision(cwd, emu.url, args);
      expect(r.code, args.join(' ')).toBe(125);
    }
    expect((await runCli(['provision'], { cwd })).code).toBe(125); // no INFISICAL_ADDR
    expect(emu.stats().total).toBe(0);
  });
});

// A forwarder in front of the emulator that, the first time a folder named `name` is about to be
// created in an environment, creates it itself just before: the provisioner listed it as absent,
// someone else made it, and its own create gets the newer servers' 400 "already exists".
const racingProxy = async (emu: Emulator, name: string): Promise<string> => {
  const raced = new Set<string>();
  const forward = (
    method: string,
    url: string,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${emu.url}${url}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers = { ...(req.headers as Record<string, string>) };
      delete headers['host'];
      if (req.method === 'POST' && req.url === '/api/v1/folders') {
        const json = JSON.parse(body.toString()) as { name: string; environment: string };
        if (json.name === name && !raced.has(json.environment)) {
          raced.add(json.environment);
          await forward('POST', req.url, headers, body); // someone else's create, first
        }
      }
      const answer = await forward(req.method!, req.url!, headers, body);
      delete answer.headers['transfer-encoding'];
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
};
