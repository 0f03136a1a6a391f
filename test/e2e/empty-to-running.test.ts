// Issue 16's acceptance path, end to end on a fresh server (the emulator with an empty seed):
// provision → seed --execute from a values file → a run whose child receives every value; then
// provision and seed again change nothing (request log: no create, no update, no new client secret).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { registerSecret } from '../helpers/canary-registry.js';
import { childEnv, contract, printEnv } from '../helpers/emulator-env.js';
import { runCli } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

const running: Emulator[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()!.close();
});

const VALUES = {
  POSTGRES_HOST: 'db.empty-to-running',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'app-user-empty-to-running',
  MCP_SERVER_HOST: 'mcp.empty-to-running',
  APP_MODE: 'production-mode',
};
for (const value of Object.values(VALUES)) registerSecret(value);

// Everything but logins and the identity search (a POST that reads) changes the server.
const changes = (emu: Emulator): string[] => emu.stats().requests.filter((r) => /^(POST|PATCH|PUT|DELETE) (?!login|identities\.search)/.test(r));

describe('from an empty Infisical to a running service (real bin)', () => {
  it('provision, seed --execute, run; then provision and seed again change nothing', async () => {
    const emu = await startEmulator({ seed: 'fixtures/emulator/fresh-seed.json', port: 0 });
    running.push(emu);
    const cwd = makeTree({
      'nodes/api/contract.yaml': contract({ transport: 'db', env: ['APP_MODE'] }),
      'nodes/tool/contract.yaml': contract({ transport: 'mcp' }),
    });
    writeFileSync(
      join(cwd, 'values.env'),
      Object.entries(VALUES)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    const env = { INFISICAL_ADDR: emu.url };

    const provisioned = await runCli(['provision'], { cwd, env });
    expect(provisioned.code, provisioned.stderr).toBe(0);
    registerSecret(parse(readFileSync(join(cwd, '.env')))['INFISICAL_CLIENT_SECRET']);
    registerSecret(readFileSync(join(cwd, '.infisical-admin-token'), 'utf8').split('\n')[0]);
    expect(statSync(join(cwd, '.env')).mode & 0o777).toBe(0o600);

    // From here on the env file provision wrote is the only configuration.
    const seeded = await runCli(['seed', '--execute', '--import-env', 'values.env', '--set-values'], { cwd });
    expect(seeded.code, seeded.stderr + seeded.stdout).toBe(0);
    const run = await runCli(printEnv(...Object.keys(VALUES)), { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(childEnv(run)).toEqual(VALUES);

    emu.resetStats();
    const again = await runCli(['provision'], { cwd, env });
    expect(again.code, again.stderr).toBe(0);
    const seededAgain = await runCli(['seed', '--execute', '--import-env', 'values.env', '--set-values'], { cwd });
    expect(seededAgain.code, seededAgain.stderr + seededAgain.stdout).toBe(0);
    expect(changes(emu)).toEqual([]);
    expect(Object.values(emu.stats().writes).every((n) => n === 0)).toBe(true);
  });
});
