import { describe, expect, it } from 'vitest';
import { rootOf } from '../../../src/infisical/fetch-folders.js';
import { parseTreeBody } from '../../../src/infisical/routes/parse-tree.js';
import { foldersFor, keysByFolder, rootsFor } from '../../../src/plan/build-plan.js';
import type { PlannedKey } from '../../../src/plan/types.js';

const row = (secretPath: unknown, secretKey: string, secretValue: string, extra: Record<string, unknown> = {}) => ({
  id: 'x',
  secretKey,
  secretValue,
  secretPath,
  type: 'shared',
  secretValueHidden: false,
  ...extra,
});
const body = (secrets: unknown[], imports: unknown[] = []) => JSON.stringify({ secrets, imports });
const wanted = (entries: Record<string, string[]>) => new Map(Object.entries(entries).map(([folder, keys]) => [folder, new Set(keys)]));
const plain = (tree: ReturnType<typeof parseTreeBody>) =>
  Object.fromEntries([...tree.folders].map(([folder, f]) => [folder, { values: Object.fromEntries(f.values), hidden: f.hidden }]));

describe('the root a folder is listed under', () => {
  it.each([
    ['/services/api/db/', '/services/api/'],
    ['/services/api/env/', '/services/api/'],
    ['/shared/db/', '/shared/'],
    ['/shared/', '/shared/'],
    ['/services/api/', '/services/api/'],
  ])('%s → %s', (folder, root) => expect(rootOf(folder)).toBe(root));

  // The roots a run lists before its plan is known (src/pipeline/start-fetch.ts) are those of every
  // folder a plan can name, and none more.
  it.each(['', 'api', 'bench-api'])('the roots listed ahead for service %j are the roots of every folder a plan can name', (service) => {
    const roots = new Set(['db', 'mcp', 'env', 'custom-transport'].flatMap((t) => [...foldersFor(t, service).own, foldersFor(t, service).shared].map(rootOf)));
    expect(rootsFor(service)).toEqual([...roots]);
  });
});

describe('keys by folder: what a listing is read for', () => {
  it('each planned folder with the keys planned in it', () => {
    const plan = [
      { key: 'A', folders: ['/services/s/db/', '/shared/db/'] },
      { key: 'B', folders: ['/shared/db/'] },
    ] as unknown as PlannedKey[];
    expect(keysByFolder(plan)).toEqual(wanted({ '/services/s/db/': ['A'], '/shared/db/': ['A', 'B'] }));
  });
});

describe('reading a recursive listing', () => {
  it('attributes rows to their folder by secretPath, and takes only the planned keys of planned folders', () => {
    const tree = parseTreeBody(
      body([
        row('/services/api/db', 'POSTGRES_HOST', 'api-db'),
        row('/services/api/db', 'UNPLANNED', 'never-kept'),
        row('/services/api/kafka', 'KAFKA_BROKERS', 'not-planned-folder'),
        row('/services/api/env', 'POSTGRES_HOST', 'planned-elsewhere'),
      ]),
      wanted({ '/services/api/db/': ['POSTGRES_HOST'], '/services/api/mcp/': ['MCP_HOST'] }),
    );
    expect(tree.ambiguous).toBe(false);
    expect(plain(tree)).toEqual({
      '/services/api/db/': { values: { POSTGRES_HOST: 'api-db' }, hidden: [] },
      '/services/api/mcp/': { values: {}, hidden: [] },
    });
    expect(JSON.stringify(plain(tree))).not.toMatch(/never-kept|not-planned-folder|planned-elsewhere/);
  });

  it("a row at the root's own path belongs to the root (its path is '/services/api', no slash)", () => {
    const tree = parseTreeBody(body([row('/services/api', 'K', 'root')]), wanted({ '/services/api/': ['K'] }));
    expect(tree.folders.get('/services/api/')?.values.get('K')).toBe('root');
  });

  it('hidden rows stay hidden, and the first shared row of a key wins', () => {
    const tree = parseTreeBody(
      body([row('/shared/db', 'H', '<hidden-by-infisical>', { secretValueHidden: true }), row('/shared/db', 'A', 'one'), row('/shared/db', 'A', 'two')]),
      wanted({ '/shared/db/': ['H', 'A'] }),
    );
    expect(plain(tree)).toEqual({ '/shared/db/': { values: { A: 'one' }, hidden: ['H'] } });
  });

  it('imports that supply a planned key make the reply ambiguous: it does not say which folder imports them', () => {
    const imports = [{ secretPath: '/base', environment: 'prod', secrets: [row(undefined, 'POSTGRES_HOST', 'imported')] }];
    const tree = parseTreeBody(body([row('/services/api/db', 'OTHER', 'x')], imports), wanted({ '/services/api/db/': ['POSTGRES_HOST'] }));
    expect(tree.ambiguous).toBe(true);
    expect(tree.folders.size).toBe(0);
  });

  it('a row that does not say its folder makes the reply ambiguous too (the folders are then listed one by one)', () => {
    const tree = parseTreeBody(body([row('/shared/db', 'A', 'a'), { secretKey: 'A', secretValue: 'b' }]), wanted({ '/shared/db/': ['A'] }));
    expect([tree.ambiguous, tree.folders.size]).toEqual([true, 0]);
  });

  it('imports that supply no planned key change nothing', () => {
    const imports = [
      { secretPath: '/base', environment: 'prod', secrets: [row(undefined, 'UNPLANNED', 'x')] },
      { secretPath: '/empty', secrets: [] },
    ];
    const tree = parseTreeBody(body([row('/shared/db', 'A', 'a')], imports), wanted({ '/shared/db/': ['A'] }));
    expect([tree.ambiguous, tree.folders.get('/shared/db/')?.values.get('A')]).toEqual([false, 'a']);
  });

  it.each([
    [
      'an unplanned row of the wrong shape',
      body([row('/x', 'A', 'a'), { secretKey: 'B', secretValue: 5, secretPath: '/y' }]),
      'secrets[1].secretValue is not a string',
    ],
    ['imports not a list', JSON.stringify({ secrets: [], imports: {} }), 'imports is not a list'],
    ['not JSON', '{', 'the body is not JSON'],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseTreeBody(text, wanted({ '/shared/db/': ['A'] }))).toThrow(message);
  });
});
