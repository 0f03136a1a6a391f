// The request budget (83841b2): a launch lists each root folder (/services/S/, /shared/) once,
// recursively, so it costs 1 login + 2 lists however many transports its contracts touch, and every
// value is what one request per folder (--list-each-folder) gets. Imports that supply a planned key
// send that root's planned folders back to one listing each. Counts come from the emulator's stats:
// byPath (every list request) and recursiveByPath (those sent with recursive=true).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { BIN, ROOT, cleanEnv } from '../helpers/run-cli.js';
import { PROJECT_ID, buildSeed, childEnv, contract, ownLines, printEnv, runWith, useEmulator, type Folders, type Seed } from '../helpers/emulator-env.js';

const ONEX = join(ROOT, 'fixtures/contracts/onex'); // 116 contracts, 12 transports' folders with a service
const SERVICE = 'omnibase-runtime';

interface PlanKey {
  key: string;
  folders: string[]; // in priority order, each with its trailing slash
}

// The plan the run will make, from the real bin, offline.
const planOf = (args: string[]): PlanKey[] =>
  (
    JSON.parse(execFileSync(BIN, ['plan', '--offline', '--format', 'json', '--contracts', ONEX, ...args], { env: cleanEnv(), encoding: 'utf8' })) as {
      keys: PlanKey[];
    }
  ).keys;

const bare = (folder: string): string => folder.replace(/\/$/, '');

// Where each planned key lives in prod, by its place in the plan: in its first (service) folder
// only, in its last (shared) folder only, in every folder, or in none of them but in folders the plan
// does not ask for (the root itself, an unplanned folder below it, another service's folder), where
// it must not be found. Every planned folder also holds a key no contract asks for.
const placeKeys = (plan: readonly PlanKey[]): Folders => {
  const folders: Folders = {};
  const put = (folder: string, key: string, value: string): void => void ((folders[bare(folder)] ??= {})[key] = value);
  plan.forEach(({ key, folders: candidates }, i) => {
    const at = [[candidates[0]!], [candidates.at(-1)!], candidates, []][i % 4]!;
    for (const folder of at) put(folder, key, `v-${bare(folder)}-${key}`);
    for (const folder of candidates) put(folder, `UNPLANNED_${i}`, `unplanned-value-${i}`);
    if (i % 4 === 3) {
      for (const elsewhere of [`/services/${SERVICE}`, `/services/${SERVICE}/unplanned`, '/services/other-service/db', '/shared/unplanned']) {
        put(elsewhere, key, `wrong-folder-${key}`);
      }
    }
  });
  return folders;
};

// What the child should get: the first of a key's folders that holds it.
const expected = (plan: readonly PlanKey[], folders: Folders): Record<string, string | null> =>
  Object.fromEntries(
    plan.map(({ key, folders: candidates }) => {
      const holder = candidates.find((folder) => folders[bare(folder)]?.[key] !== undefined);
      return [key, holder === undefined ? null : (folders[bare(holder)]![key] as string)];
    }),
  );

// db transport and one environment dependency: two folders under each root.
const DB_AND_ENV = { 'contract.yaml': contract({ transport: 'db', env: ['LAYER_TOKEN?'] }) };
const DB_KEYS = ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_USER', 'POSTGRES_TIMEOUT_MS', 'LAYER_TOKEN', 'UNRELATED_KEY'];

let PLANS: { service: PlanKey[]; shared: PlanKey[] } = { service: [], shared: [] };
let PROD: Folders = {};

const seed = (): Seed => {
  PLANS = { service: planOf(['--service', SERVICE]), shared: planOf([]) };
  PROD = placeKeys(PLANS.service);
  const s = buildSeed({
    prod: PROD,
    // Imports in a service folder: one supplies planned keys (layered), one does not (plain).
    layers: {
      '/services/layered/db': { POSTGRES_HOST: 'v-layered-own-host' },
      '/services/layered/env': { LAYER_TOKEN: 'v-layered-env-token' },
      '/services/plain/db': { POSTGRES_HOST: 'v-plain-own-host' },
      '/imports/early': { POSTGRES_HOST: 'v-early-host', POSTGRES_PORT: 'v-early-port', POSTGRES_USER: 'v-early-user' },
      '/imports/late': { POSTGRES_PORT: 'v-late-port' },
      '/imports/unrelated': { UNRELATED_KEY: 'v-unrelated-value' },
      '/shared/db': { POSTGRES_HOST: 'v-shared-host', POSTGRES_PORT: 'v-shared-port', POSTGRES_USER: 'v-shared-user', POSTGRES_TIMEOUT_MS: 'v-shared-timeout' },
    },
    // Imports in a shared folder that supply a planned key.
    'shared-imports': {
      '/shared/db': { POSTGRES_HOST: 'v-si-shared-host' },
      '/shared/env': { LAYER_TOKEN: 'v-si-shared-token' },
      '/imports/port': { POSTGRES_PORT: 'v-si-import-port' },
    },
  });
  const environments = s.projects[PROJECT_ID]!.environments;
  environments['layers']!.folders!['/services/layered/db']!.imports = [
    { environment: 'layers', path: '/imports/early' },
    { environment: 'layers', path: '/imports/late' },
  ];
  environments['layers']!.folders!['/services/plain/db']!.imports = [{ environment: 'layers', path: '/imports/unrelated' }];
  environments['shared-imports']!.folders!['/shared/db']!.imports = [{ environment: 'shared-imports', path: '/imports/port' }];
  return s;
};
const emu = useEmulator(seed);

// The same launch twice, by root and then folder by folder: each run's child and requests.
const both = async (args: string[], env: Record<string, string>, keys: readonly string[], cwd: string) => {
  const recursive = await runWith(emu(), [...args, ...printEnv(...keys)], env, { cwd });
  const recursiveStats = emu().stats();
  emu().resetStats();
  const each = await runWith(emu(), ['--list-each-folder', ...args, ...printEnv(...keys)], env, { cwd });
  return { recursive, recursiveStats, each, eachStats: emu().stats() };
};

describe('a service whose contracts touch 12 transports (fixtures/contracts/onex, 116 contracts)', () => {
  it('costs 1 login + 2 recursive lists, and every value is what one request per folder gets', async () => {
    const plan = PLANS.service;
    const folders = new Set(plan.flatMap((k) => k.folders));
    expect(folders.size).toBe(24); // 12 transports, each in /services/S/ and /shared/
    const keys = plan.map((k) => k.key);
    const { recursive, recursiveStats, each, eachStats } = await both(['--service', SERVICE, '--contracts', ONEX], {}, keys, makeTree({}));

    expect(recursive.code).toBe(0);
    expect(recursiveStats).toMatchObject({ logins: 1, listV4: 2, listV3: 0, total: 3 });
    const roots = { [`/services/${SERVICE}`]: 1, '/shared': 1 };
    expect(recursiveStats.byPath).toEqual(roots);
    expect(recursiveStats.recursiveByPath).toEqual(roots);

    const values = childEnv(recursive);
    expect(values).toEqual(expected(plan, PROD));
    // Every way a key can resolve occurs: the service folder, the shared one, and nowhere.
    expect(Object.values(values).filter((v) => v?.startsWith(`v-/services/${SERVICE}/`)).length).toBeGreaterThan(10);
    expect(Object.values(values).filter((v) => v?.startsWith('v-/shared/')).length).toBeGreaterThan(10);
    expect(Object.values(values).filter((v) => v === null).length).toBeGreaterThan(10);

    expect(childEnv(each)).toEqual(values);
    expect(eachStats).toMatchObject({ logins: 1, listV4: 24, total: 25, recursiveByPath: {} });
    expect(Object.keys(eachStats.byPath).sort()).toEqual([...folders].map(bare).sort());
  });

  it('only planned keys of planned folders reach the child: not unplanned keys, nor planned ones in other folders of the reply', async () => {
    const r = await runWith(emu(), ['--service', SERVICE, '--contracts', ONEX, ...printEnv()], {}, { cwd: makeTree({}) });
    expect(emu().stats().recursiveByPath).toEqual({ [`/services/${SERVICE}`]: 1, '/shared': 1 });
    const env = childEnv(r);
    // The recursive replies held UNPLANNED_* in every planned folder, and keys planned elsewhere in
    // /services/S/ itself, /services/S/unplanned/ and /shared/unplanned/.
    expect(Object.keys(env).filter((name) => name.startsWith('UNPLANNED_'))).toEqual([]);
    expect(Object.values(env).filter((value) => value !== null && /unplanned-value|wrong-folder/.test(value))).toEqual([]);
    for (const { key } of PLANS.service.filter((_, i) => i % 4 === 3)) expect(env[key]).toBeUndefined();
    expect(r.stderr).not.toMatch(/UNPLANNED|wrong-folder/);
  });

  it('without --service: 1 login + 1 recursive list of /shared/, the same values as folder by folder', async () => {
    const plan = PLANS.shared;
    expect(plan.every((k) => k.folders.every((f) => f.startsWith('/shared/')))).toBe(true);
    const { recursive, recursiveStats, each, eachStats } = await both(
      ['--contracts', ONEX],
      {},
      plan.map((k) => k.key),
      makeTree({}),
    );
    expect(recursiveStats).toMatchObject({ logins: 1, listV4: 1, total: 2, byPath: { '/shared': 1 }, recursiveByPath: { '/shared': 1 } });
    expect(childEnv(recursive)).toEqual(expected(plan, PROD));
    expect(childEnv(each)).toEqual(childEnv(recursive));
    expect(eachStats).toMatchObject({ logins: 1, listV4: 12, total: 13, recursiveByPath: {} });
    expect(ownLines(recursive.stderr)).toContainEqual(expect.stringMatching(/^secrets-run: \d+ keys from Infisical \(environment prod\) in \d+ ms$/));
  });
});

describe('imports', () => {
  const LAYERS = { INFISICAL_ENVIRONMENT: 'layers' };

  it('that supply a planned key: the root once recursively, then each planned folder below it once; the import wins as folder by folder', async () => {
    const { recursive, recursiveStats, each } = await both(['--service', 'layered'], LAYERS, DB_KEYS, makeTree(DB_AND_ENV));
    const layered = {
      POSTGRES_HOST: 'v-layered-own-host', // the folder's own secret beats its imports
      POSTGRES_PORT: 'v-late-port', // the later import beats the earlier one
      POSTGRES_USER: 'v-early-user', // an import beats /shared/db
      POSTGRES_TIMEOUT_MS: 'v-shared-timeout', // in no service folder nor import: /shared/db
      LAYER_TOKEN: 'v-layered-env-token',
      UNRELATED_KEY: null,
    };
    expect(childEnv(recursive)).toEqual(layered);
    expect(childEnv(each)).toEqual(layered);
    expect(recursiveStats).toMatchObject({ logins: 1, total: 5 });
    expect(recursiveStats.byPath).toEqual({ '/services/layered': 1, '/services/layered/db': 1, '/services/layered/env': 1, '/shared': 1 });
    expect(recursiveStats.recursiveByPath).toEqual({ '/services/layered': 1, '/shared': 1 });
  });

  it('that supply a planned key to a shared folder: /shared/ is listed once recursively, then its planned folders', async () => {
    const { recursive, recursiveStats, each } = await both([], { INFISICAL_ENVIRONMENT: 'shared-imports' }, DB_KEYS, makeTree(DB_AND_ENV));
    const shared = {
      POSTGRES_HOST: 'v-si-shared-host',
      POSTGRES_PORT: 'v-si-import-port',
      POSTGRES_USER: null,
      POSTGRES_TIMEOUT_MS: null,
      LAYER_TOKEN: 'v-si-shared-token',
      UNRELATED_KEY: null,
    };
    expect(childEnv(recursive)).toEqual(shared);
    expect(childEnv(each)).toEqual(shared);
    expect(recursiveStats.byPath).toEqual({ '/shared': 1, '/shared/db': 1, '/shared/env': 1 });
    expect(recursiveStats.recursiveByPath).toEqual({ '/shared': 1 });
  });

  it('that supply no planned key keep the budget at 1 login + 2 lists', async () => {
    const { recursive, recursiveStats, each } = await both(['--service', 'plain'], LAYERS, DB_KEYS, makeTree(DB_AND_ENV));
    const plain = {
      POSTGRES_HOST: 'v-plain-own-host',
      POSTGRES_PORT: 'v-shared-port',
      POSTGRES_USER: 'v-shared-user',
      POSTGRES_TIMEOUT_MS: 'v-shared-timeout',
      LAYER_TOKEN: null,
      UNRELATED_KEY: null, // imported, but no contract asks for it
    };
    expect(childEnv(recursive)).toEqual(plain);
    expect(childEnv(each)).toEqual(plain);
    expect(recursiveStats).toMatchObject({ logins: 1, listV4: 2, total: 3 });
    expect(recursiveStats.byPath).toEqual({ '/services/plain': 1, '/shared': 1 });
    expect(recursiveStats.recursiveByPath).toEqual({ '/services/plain': 1, '/shared': 1 });
  });
});
