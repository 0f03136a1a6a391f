// Issue 16, item 2: `secrets-run seed` puts the plan's keys into Infisical. The dry run (the default)
// is a read-only diff against the live server; --execute writes, in batches, after looking; no
// failure is taken for "missing", no value is blanked, and a race is looked at again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { registerSecret } from '../helpers/canary-registry.js';
import { buildSeed, childEnv, contract, loginToken, printEnv, PROJECT_ID, runWith, type Folders } from '../helpers/emulator-env.js';
import { makeTree } from '../helpers/tree.js';

const running: Emulator[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()!.close();
});

// A server of the test's own: seed changes what it holds.
const serve = async (folders: Folders): Promise<Emulator> => {
  const emulator = await startEmulator({ seed: buildSeed({ prod: folders }), port: 0 });
  running.push(emulator);
  return emulator;
};

const VALUES = {
  POSTGRES_HOST: 'db.from-file',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'app-user-from-file',
  POSTGRES_PASSWORD: 'pw-from-the-file-3141',
  MCP_SERVER_HOST: 'mcp.from-file',
  APP_MODE: 'production-mode',
};
for (const value of Object.values(VALUES)) registerSecret(value);

// Two transports (db, mcp) and one environment dependency; the values file next to them.
const project = (values: Record<string, string> = VALUES): string => {
  const cwd = makeTree({
    'nodes/api/contract.yaml': contract({ transport: 'db', env: ['APP_MODE'] }),
    'nodes/tool/contract.yaml': contract({ transport: 'mcp' }),
  });
  writeFileSync(
    join(cwd, 'values.env'),
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
  return cwd;
};

interface JsonAction {
  action: string;
  key: string | null;
  folder: string;
  source: string | null;
  result?: string;
  now?: string;
  error?: string;
}
interface SeedJson {
  execute: boolean;
  actions: JsonAction[];
  summary: Record<string, number>;
  failed: number;
}

const seed = async (emulator: Emulator, cwd: string, args: string[], env: Record<string, string | undefined> = {}) => {
  const result = await runWith(emulator, ['seed', '--format', 'json', ...args], env, { cwd });
  const json = result.stdout === '' ? undefined : (JSON.parse(result.stdout) as SeedJson);
  return { ...result, json };
};

const actionOf = (json: SeedJson | undefined, key: string): JsonAction | undefined => json?.actions.find((a) => a.key === key);
const WRITE_ROUTES = /^(POST|PATCH) (folders\.create|secrets\.)/;
const writesIn = (emulator: Emulator): string[] => emulator.stats().requests.filter((line) => WRITE_ROUTES.test(line));

describe('secrets-run seed (real bin, emulator)', () => {
  it('dry run: one action per key against the live server, read requests only, never a value', async () => {
    const emulator = await serve({
      '/shared/db': { POSTGRES_HOST: 'db.live', POSTGRES_PORT: '5432', POSTGRES_USER: '' },
    });
    const cwd = project();
    const { code, json, stdout, stderr } = await seed(emulator, cwd, ['--import-env', 'values.env', '--set-values']);
    expect(code).toBe(0);
    expect(json!.execute).toBe(false);
    expect(actionOf(json, 'POSTGRES_HOST')).toMatchObject({ action: 'skip-exists', folder: '/shared/db/' }); // different, no --overwrite-existing
    expect(actionOf(json, 'POSTGRES_PORT')).toMatchObject({ action: 'unchanged', source: 'values.env' });
    expect(actionOf(json, 'POSTGRES_USER')).toMatchObject({ action: 'fill', source: 'values.env' }); // stored empty
    expect(actionOf(json, 'POSTGRES_POOL_MIN_SIZE')).toMatchObject({ action: 'skip-no-value' });
    expect(actionOf(json, 'MCP_SERVER_HOST')).toMatchObject({ action: 'create', folder: '/shared/mcp/', source: 'values.env' });
    expect(json!.actions.filter((a) => a.action === 'create-folder').map((a) => a.folder)).toEqual(expect.arrayContaining(['/shared/mcp/', '/shared/env/']));
    expect(writesIn(emulator)).toEqual([]);
    expect(emulator.stats().requests.every((line) => line.startsWith('GET ') || / login\./.test(line))).toBe(true);
    for (const value of Object.values(VALUES)) expect(stdout + stderr).not.toContain(value);
  });

  it('--execute writes what the dry run said, a run then gets every value, and a second seed changes nothing', async () => {
    const emulator = await serve({ '/shared/db': { POSTGRES_USER: '' } });
    const cwd = project();
    const first = await seed(emulator, cwd, ['--import-env', 'values.env', '--set-values', '--execute']);
    expect(first.code).toBe(0);
    expect(first.json!.failed).toBe(0);
    expect(first.json!.actions.filter((a) => a.result !== undefined).every((a) => a.result === 'done')).toBe(true);
    expect(actionOf(first.json, 'POSTGRES_USER')).toMatchObject({ action: 'fill', result: 'done' });
    // Batches: one create per folder that gets keys, one update for the filled key; folders top-down.
    expect(writesIn(emulator)).toEqual(expect.arrayContaining(['POST folders.create 200', 'POST secrets.create-batch 200', 'PATCH secrets.update-batch 200']));

    const run = await runWith(emulator, printEnv('POSTGRES_HOST', 'POSTGRES_USER', 'MCP_SERVER_HOST', 'APP_MODE'), {}, { cwd });
    expect(childEnv(run)).toEqual({
      POSTGRES_HOST: VALUES.POSTGRES_HOST,
      POSTGRES_USER: VALUES.POSTGRES_USER,
      MCP_SERVER_HOST: VALUES.MCP_SERVER_HOST,
      APP_MODE: VALUES.APP_MODE,
    });

    emulator.resetStats();
    const again = await seed(emulator, cwd, ['--import-env', 'values.env', '--set-values', '--execute']);
    expect(again.code).toBe(0);
    expect(again.json!.summary).toMatchObject({ 'create-folder': 0, create: 0, fill: 0, overwrite: 0 });
    expect(writesIn(emulator)).toEqual([]);
  });

  it('--overwrite-existing replaces a different value, and never blanks a key the source lacks', async () => {
    const emulator = await serve({ '/shared/db': { POSTGRES_HOST: 'db.old', POSTGRES_PORT: '6000' } });
    registerSecret('db.old');
    const cwd = project({ POSTGRES_HOST: VALUES.POSTGRES_HOST, POSTGRES_PORT: '' }); // PORT empty, the rest absent
    const { code, json } = await seed(emulator, cwd, ['--import-env', 'values.env', '--set-values', '--overwrite-existing', '--execute']);
    expect(code).toBe(0);
    expect(actionOf(json, 'POSTGRES_HOST')).toMatchObject({ action: 'overwrite', result: 'done' });
    expect(actionOf(json, 'POSTGRES_PORT')).toMatchObject({ action: 'skip-exists' });
    const run = await runWith(emulator, printEnv('POSTGRES_HOST', 'POSTGRES_PORT'), {}, { cwd });
    expect(childEnv(run)).toEqual({ POSTGRES_HOST: VALUES.POSTGRES_HOST, POSTGRES_PORT: '6000' });
  });

  it('a value Infisical stores trimmed is unchanged on the next seed, not rewritten on every run', async () => {
    const emulator = await serve({});
    const cwd = project();
    // Quoted, so the env file keeps the spaces; the server keeps the value without them.
    writeFileSync(join(cwd, 'values.env'), `POSTGRES_USER="  ${VALUES.POSTGRES_USER}  "\n`);
    const args = ['--import-env', 'values.env', '--set-values', '--overwrite-existing', '--execute'];
    const first = await seed(emulator, cwd, args);
    expect(actionOf(first.json, 'POSTGRES_USER')).toMatchObject({ action: 'create', result: 'done' });
    emulator.resetStats();
    const again = await seed(emulator, cwd, args);
    expect(again.code).toBe(0);
    expect(actionOf(again.json, 'POSTGRES_USER')).toMatchObject({ action: 'unchanged' });
    expect(writesIn(emulator)).toEqual([]);
  });

  it('values come only from --import-env, or the environment with --values-from-env; placeholders are refused', async () => {
    const emulator = await serve({});
    const cwd = project({ POSTGRES_HOST: '__REPLACE_WITH_HOST__', POSTGRES_PORT: 'changeme' });
    const fromNowhere = await seed(emulator, cwd, ['--set-values'], { POSTGRES_USER: 'env-user' });
    expect(actionOf(fromNowhere.json, 'POSTGRES_USER')).toMatchObject({ action: 'skip-no-value' });
    expect(fromNowhere.stderr).toMatch(/--set-values without --import-env or --values-from-env/);
    const fromEnv = await seed(emulator, cwd, ['--set-values', '--values-from-env', '--import-env', 'values.env'], { POSTGRES_USER: 'env-user' });
    expect(actionOf(fromEnv.json, 'POSTGRES_USER')).toMatchObject({ action: 'create', source: 'environment' });
    expect(actionOf(fromEnv.json, 'POSTGRES_HOST')).toMatchObject({ action: 'skip-placeholder', source: 'values.env' });
    expect(actionOf(fromEnv.json, 'POSTGRES_PORT')).toMatchObject({ action: 'skip-placeholder' });
    const allowed = await seed(emulator, cwd, ['--set-values', '--import-env', 'values.env', '--allow-placeholders']);
    expect(actionOf(allowed.json, 'POSTGRES_HOST')).toMatchObject({ action: 'create' });
  });

  it('a key only an import provides is left alone: a local copy would shadow the import', async () => {
    const emulator = await startEmulator({
      port: 0,
      seed: {
        ...buildSeed({}),
        projects: {
          [PROJECT_ID]: {
            environments: {
              prod: {
                folders: {
                  '/shared/db': { secrets: {}, imports: [{ environment: 'prod', path: '/base' }] },
                  '/base': { secrets: { POSTGRES_HOST: 'db.imported' } },
                },
              },
            },
          },
        },
      },
    });
    running.push(emulator);
    registerSecret('db.imported');
    const { json } = await seed(emulator, project(), ['--import-env', 'values.env', '--set-values']);
    expect(actionOf(json, 'POSTGRES_HOST')).toMatchObject({ action: 'skip-imported' });
    expect(actionOf(json, 'POSTGRES_PORT')).toMatchObject({ action: 'create' });
  });

  it('a transient failure while looking is never taken for "missing": the folder is unread, nothing written there, exit 1', async () => {
    const emulator = await serve({ '/shared/db': { POSTGRES_HOST: 'db.live' } });
    emulator.setFaults({ status5xx: { route: 'list', secretPath: '/shared/db', status: 503 } });
    const { code, json } = await seed(emulator, project(), ['--import-env', 'values.env', '--set-values', '--execute']);
    expect(code).toBe(1);
    expect(actionOf(json, 'POSTGRES_HOST')).toMatchObject({ action: 'error-unread', folder: '/shared/db/' });
    expect(actionOf(json, 'POSTGRES_PORT')).toMatchObject({ action: 'error-unread' });
    // The other folders are still seeded; /shared/db gets no create.
    expect(actionOf(json, 'MCP_SERVER_HOST')).toMatchObject({ action: 'create', result: 'done' });
    expect(json!.failed).toBeGreaterThan(0);
    const creates = emulator.stats().requests.filter((line) => /secrets\.create/.test(line));
    expect(creates.length).toBe(2); // /shared/mcp/ and /shared/env/, never /shared/db/
  });

  it('a folder created by someone else between the look and the create is re-checked and written into', async () => {
    const emulator = await serve({});
    const token = await loginToken(emulator);
    let raced = false;
    emulator.beforeRoute(async (name) => {
      if (name !== 'folders.create' || raced) return;
      raced = true;
      const body = { workspaceId: PROJECT_ID, environment: 'prod', name: 'shared', path: '/' };
      await fetch(`${emulator.url}/api/v1/folders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    });
    const { code, json } = await seed(emulator, project(), ['--import-env', 'values.env', '--set-values', '--execute']);
    expect(raced).toBe(true);
    expect(code).toBe(0);
    expect(json!.actions.find((a) => a.folder === '/shared/')).toMatchObject({ action: 'create-folder', result: 'done' });
    expect(emulator.stats().requests).toContain('POST folders.create 400');
    expect(actionOf(json, 'POSTGRES_HOST')).toMatchObject({ action: 'create', result: 'done' });
  });

  it('a key written by someone else between the look and the batch: the folder is looked at again and the key decided anew', async () => {
    const emulator = await serve({ '/shared/db': {}, '/shared/mcp': {}, '/shared/env': {} });
    const token = await loginToken(emulator);
    registerSecret('written-meanwhile');
    let raced = false;
    emulator.beforeRoute(async (name) => {
      if (name !== 'secrets.create-batch' || raced) return;
      raced = true;
      const body = { projectId: PROJECT_ID, environment: 'prod', secretPath: '/shared/db', secretValue: 'written-meanwhile' };
      await fetch(`${emulator.url}/api/v4/secrets/POSTGRES_HOST`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    });
    const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'db' }) });
    writeFileSync(join(cwd, 'values.env'), `POSTGRES_HOST=${VALUES.POSTGRES_HOST}\nPOSTGRES_PORT=5432\n`);
    const { code, json } = await seed(emulator, cwd, ['--import-env', 'values.env', '--set-values', '--execute']);
    expect(raced).toBe(true);
    expect(code).toBe(0);
    expect(actionOf(json, 'POSTGRES_HOST')).toMatchObject({ action: 'create', result: 'changed', now: 'skip-exists' });
    expect(actionOf(json, 'POSTGRES_PORT')).toMatchObject({ action: 'create', result: 'done' });
    const run = await runWith(emulator, printEnv('POSTGRES_HOST', 'POSTGRES_PORT'), {}, { cwd });
    expect(childEnv(run)).toEqual({ POSTGRES_HOST: 'written-meanwhile', POSTGRES_PORT: '5432' });
  });

  it('a write the server refuses is listed, the rest still written, and never repeated; exit 1', async () => {
    const emulator = await serve({ '/shared/db': {}, '/shared/mcp': {}, '/shared/env': {} });
    emulator.setFaults({ status5xx: { route: 'write', status: 500, times: 1 } });
    const { code, json, stderr } = await seed(emulator, project(), ['--import-env', 'values.env', '--set-values', '--execute']);
    expect(code).toBe(1);
    const failed = json!.actions.filter((a) => a.result === 'failed');
    // One batch failed: the keys of one folder, each listed with the server's answer.
    expect(new Set(failed.map((a) => a.folder)).size).toBe(1);
    // Said as what happened: one answer, not a server that kept failing through retries.
    for (const action of failed) expect(action.error).toMatch(/failed \(HTTP 500\); a write is tried only once, as it may have been made/);
    expect(json!.actions.filter((a) => a.result === 'done').length).toBeGreaterThan(0);
    expect(emulator.stats().requests.filter((line) => /secrets\.create-batch/.test(line))).toHaveLength(3);
    expect(stderr).toMatch(/failed/);
  });

  it('no empty key unless --create-empty (so a run keeps its .env value), and never one in a service folder', async () => {
    const emulator = await serve({ '/shared/db': {}, '/shared/mcp': {}, '/shared/env': {} });
    const cwd = project({});
    writeFileSync(join(cwd, '.env'), 'POSTGRES_HOST=from-dot-env\n');
    const plain = await seed(emulator, cwd, ['--execute']);
    expect(plain.code).toBe(0);
    expect(actionOf(plain.json, 'POSTGRES_HOST')).toMatchObject({ action: 'skip-no-value' });
    expect(writesIn(emulator)).toEqual([]);
    const run = await runWith(emulator, printEnv('POSTGRES_HOST'), {}, { cwd });
    expect(childEnv(run)).toEqual({ POSTGRES_HOST: 'from-dot-env' });

    const service = await seed(emulator, cwd, ['--create-empty', '--target', 'service', '--service', 'api']);
    expect(service.json!.actions.filter((a) => a.action === 'create-empty')).toEqual([]);
    const asked = await seed(emulator, cwd, ['--create-empty', '--execute']);
    expect(actionOf(asked.json, 'POSTGRES_HOST')).toMatchObject({ action: 'create-empty', result: 'done' });
    // Asked for: Infisical's empty value now ranks above the env file, as any Infisical value does.
    const after = await runWith(emulator, printEnv('POSTGRES_HOST'), {}, { cwd });
    expect(childEnv(after)).toEqual({ POSTGRES_HOST: '' });
  });

  it('fails before any write, exit 125: no INFISICAL_ADDR, refused credentials, a bad flag', async () => {
    const emulator = await serve({});
    const cwd = project();
    const noAddr = await seed(emulator, cwd, [], { INFISICAL_ADDR: undefined });
    expect(noAddr.code).toBe(125);
    expect(noAddr.stderr).toMatch(/INFISICAL_ADDR is not set/);
    const refused = await seed(emulator, cwd, ['--execute', '--import-env', 'values.env', '--set-values'], { INFISICAL_CLIENT_SECRET: 'wrong-secret' });
    expect(refused.code).toBe(125);
    expect(refused.stderr).toMatch(/refused the credentials/);
    expect(writesIn(emulator)).toEqual([]);
    const both = await seed(emulator, cwd, ['--execute', '--dry-run']);
    expect(both.code).toBe(125);
    const target = await seed(emulator, cwd, ['--target', 'service']);
    expect(target.code).toBe(125);
    expect(target.stderr).toMatch(/--service/);
    const missingFile = await seed(emulator, cwd, ['--import-env', 'nope.env']);
    expect(missingFile.code).toBe(125);
    expect(missingFile.stderr).toMatch(/nope\.env/);
  });
});
