import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openOfflineCache } from '../../../src/cache/offline-cache.js';
import { openTokenCache } from '../../../src/cache/token-cache.js';
import { InfisicalError } from '../../../src/infisical/errors.js';
import type { FetchedFolder, FetchOutcome } from '../../../src/infisical/types.js';
import { offlineStep } from '../../../src/pipeline/offline-step.js';
import type { Sources } from '../../../src/pipeline/types.js';
import type { PlannedKey } from '../../../src/plan/types.js';
import { resolveSettings } from '../../../src/settings/settings.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const cacheDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'offline-step-'));
  dirs.push(dir);
  return dir;
};

const ADDR = 'https://infisical.test';
const named = (value: string, name: string) => ({ value, name, source: { kind: 'environment' as const } });
const sources: Sources = {
  envFileLayers: [],
  envFileVars: new Map(),
  bootstrap: {
    addr: named(ADDR, 'INFISICAL_ADDR'),
    projectId: named('p', 'INFISICAL_PROJECT_ID'),
    clientId: named('id', 'INFISICAL_CLIENT_ID'),
    clientSecret: named('client-secret', 'INFISICAL_CLIENT_SECRET'),
  },
  environment: 'prod',
};
const settings = (more: Record<string, unknown> = {}) => resolveSettings([{ origin: 't', offlineCache: 3600, service: 'api', ...more }]);
const plan: PlannedKey[] = [
  { key: 'DB_HOST', transport: 'db', required: true, folders: ['/services/api/db/', '/shared/db/'], sources: [] },
  { key: 'MQ_HOST', transport: 'mq', required: true, folders: ['/services/api/mq/', '/shared/mq/'], sources: [] },
];
const arrived = (values: Record<string, string>): FetchedFolder => ({ values: new Map(Object.entries(values)), hidden: [] });
const outcome = (folders: Record<string, FetchedFolder>, failures: InfisicalError[] = []): FetchOutcome => ({
  folders: new Map(Object.entries(folders)),
  failures,
  listedEach: [],
  requests: 1,
  logins: 1,
  elapsedMs: 1,
});
const down = (folder?: string) =>
  new InfisicalError({ code: 'INFISICAL_UNREACHABLE', host: ADDR, phase: 'list', happened: { kind: 'unreachable', network: 'ECONNREFUSED' }, folder });
const refused = () =>
  new InfisicalError({ code: 'INFISICAL_AUTH_REFUSED', host: ADDR, phase: 'login', happened: { kind: 'credentials-refused', said: 'HTTP 401' } });
const forbidden = (folder: string) =>
  new InfisicalError({ code: 'INFISICAL_FORBIDDEN', host: ADDR, phase: 'list', happened: { kind: 'server-said', said: 'HTTP 403' }, folder });

const ALL_UP = {
  '/services/api/db/': arrived({ DB_HOST: 'db.own' }),
  '/shared/db/': arrived({ DB_HOST: 'db.shared' }),
  '/services/api/mq/': arrived({}),
  '/shared/mq/': arrived({ MQ_HOST: 'mq.shared' }),
};

const step = (env: Record<string, string>, fetch: FetchOutcome, now: number, more: Record<string, unknown> = {}) =>
  offlineStep({ settings: settings(more), sources, plan, fetch, env, now: () => now })!;

describe('the offline step', () => {
  it('keeps what arrived; serves it for folders that failed transiently, with the age of each', () => {
    const env = { SECRETS_RUN_CACHE_DIR: cacheDir() };
    expect(step(env, outcome(ALL_UP), 1_000_000).served.size).toBe(0);
    const later = step(env, outcome({}, [down()]), 1_000_000 + 600_000);
    expect([...later.served.keys()].sort()).toEqual(['/services/api/db/', '/services/api/mq/', '/shared/db/', '/shared/mq/']);
    expect(later.served.get('/services/api/db/')).toEqual({ values: new Map([['DB_HOST', 'db.own']]), hidden: [], cacheAgeSeconds: 600 });
    expect(later.because).toEqual(['Infisical unreachable']);
  });

  it('a failed root serves each folder below it from the cache; what arrived this time is fresh', () => {
    const env = { SECRETS_RUN_CACHE_DIR: cacheDir() };
    step(env, outcome(ALL_UP), 1_000_000);
    const partial = step(env, outcome({ '/shared/db/': arrived({ DB_HOST: 'db.new' }), '/shared/mq/': arrived({}) }, [down('/services/api/')]), 1_060_000);
    expect([...partial.served.keys()].sort()).toEqual(['/services/api/db/', '/services/api/mq/']);
    expect(partial.unserved).toEqual([]);
    // The file now holds the new /shared/db/ (age 0 later) and still the old service folders.
    const again = step(env, outcome({}, [down()]), 1_120_000);
    expect(again.served.get('/shared/db/')!.values.get('DB_HOST')).toBe('db.new');
    expect(again.served.get('/shared/db/')!.cacheAgeSeconds).toBe(60);
    expect(again.served.get('/services/api/db/')!.cacheAgeSeconds).toBe(120);
  });

  it('past the max age, or from a clock ahead of ours, nothing is served', () => {
    const env = { SECRETS_RUN_CACHE_DIR: cacheDir() };
    step(env, outcome(ALL_UP), 1_000_000);
    expect(step(env, outcome({}, [down()]), 1_000_000 + 3_600_000).served.size).toBe(0);
    expect(step(env, outcome({}, [down()]), 1_000_000 - 1).served.size).toBe(0);
    expect(step(env, outcome({}, [down()]), 1_000_000 + 3_599_999).served.size).toBe(4);
  });

  it('a key planned since the folder was cached keeps it from being served', () => {
    const env = { SECRETS_RUN_CACHE_DIR: cacheDir() };
    step(env, outcome(ALL_UP), 1_000_000);
    const wider: PlannedKey[] = [...plan, { key: 'DB_USER', transport: 'db', required: true, folders: ['/services/api/db/', '/shared/db/'], sources: [] }];
    const served = offlineStep({ settings: settings(), sources, plan: wider, fetch: outcome({}, [down()]), env, now: () => 1_000_001 })!.served;
    expect([...served.keys()].sort()).toEqual(['/services/api/mq/', '/shared/mq/']);
    const again = offlineStep({ settings: settings(), sources, plan: wider, fetch: outcome({}, [down()]), env, now: () => 1_000_001 })!;
    expect(again.unserved.sort()).toEqual(['/services/api/db/', '/shared/db/']);
  });

  it('--require without --allow-stale serves nothing and names what it withheld; with it, serves', () => {
    const env = { SECRETS_RUN_CACHE_DIR: cacheDir() };
    step(env, outcome(ALL_UP), 1_000_000);
    const strict = step(env, outcome({}, [down('/shared/')]), 1_000_001, { require: true });
    expect(strict.served.size).toBe(0);
    expect(strict.withheld.sort()).toEqual(['/shared/db/', '/shared/mq/']);
    expect(step(env, outcome({}, [down('/shared/')]), 1_000_001, { require: true, allowStale: true }).served.size).toBe(2);
  });

  it('a 403 serves nothing for that folder, and removes its entry', () => {
    const env = { SECRETS_RUN_CACHE_DIR: cacheDir() };
    step(env, outcome(ALL_UP), 1_000_000);
    const others = Object.fromEntries(Object.entries(ALL_UP).filter(([folder]) => folder !== '/services/api/db/'));
    expect(step(env, outcome(others, [forbidden('/services/api/db/')]), 1_000_001).served.size).toBe(0);
    expect(step(env, outcome({}, [down()]), 1_000_002).served.has('/services/api/db/')).toBe(false);
  });

  it('refused credentials delete the offline and the token cache of the identity', () => {
    const dir = cacheDir();
    const env = { SECRETS_RUN_CACHE_DIR: dir };
    step(env, outcome(ALL_UP), 1_000_000);
    openOfflineCache({ addr: `${ADDR}/`, projectId: 'p', environment: 'prod', service: 'other' }, { identity: 'id', secret: 'client-secret' }, env, {
      warn: () => undefined,
      detail: () => undefined,
    })!.write(new Map([['/x/', { fetchedAt: 1, planned: [], values: {}, hidden: [] }]]));
    expect(readdirSync(dir).filter((n) => n.startsWith('lkg-'))).toHaveLength(2);
    openTokenCache({ addr: `${ADDR}/`, clientId: 'id', clientSecret: 'client-secret' }, env, { warn: () => undefined, detail: () => undefined })!.write(
      'tok',
      3600,
    );
    expect(readdirSync(dir).filter((n) => n.startsWith('token-'))).toHaveLength(1);
    const result = step(env, outcome({}, [refused()]), 1_000_001);
    expect(result).toMatchObject({ forgot: true, served: new Map() });
    // This scope's file goes; another service's file has another name and is left to its own runs.
    expect(readdirSync(dir).filter((n) => n.startsWith('lkg-'))).toHaveLength(1);
    expect(readdirSync(dir).filter((n) => n.startsWith('token-'))).toEqual([]);
  });

  it('without a secret to key it with, no cache and one detail', () => {
    const bare: Sources = { ...sources, bootstrap: { ...sources.bootstrap, clientSecret: undefined } };
    const result = offlineStep({ settings: settings(), sources: bare, plan, fetch: outcome(ALL_UP), env: { SECRETS_RUN_CACHE_DIR: cacheDir() } })!;
    expect(result.notes).toEqual([{ level: 'detail', message: expect.stringMatching(/^no offline cache: no client secret or token/) }]);
  });

  it('is off unless asked for', () => {
    expect(offlineStep({ settings: resolveSettings([]), sources, plan, fetch: outcome(ALL_UP), env: {} })).toBeUndefined();
  });
});
