import { describe, expect, it } from 'vitest';
import type { PlannedKey } from '../../../src/plan/types.js';
import { decideKey, foldersToLook, planSeed, type SeedOptions } from '../../../src/seed/plan-seed.js';
import type { LiveFolder } from '../../../src/seed/seed-actions.js';
import type { SourcedValue } from '../../../src/seed/value-sources.js';

const OFF: SeedOptions = { setValues: false, overwriteExisting: false, allowPlaceholders: false, createEmpty: false };
const SET: SeedOptions = { ...OFF, setValues: true };
const OVER: SeedOptions = { ...SET, overwriteExisting: true };
const src = (value: string, source = '.env'): SourcedValue => ({ value, source });

// decideKey(existing, imported, source, options): one row per rule of issue 16 decidable offline.
// existing undefined = no local copy in the folder.
type Row = [string, string | undefined, boolean, SourcedValue | undefined, SeedOptions & { serviceFolder?: boolean }, string, string | null];
const TABLE: Row[] = [
  // absent keys
  ['absent, value, --set-values → create', undefined, false, src('db.internal'), SET, 'create', '.env'],
  ['absent, value, no --set-values → nothing written', undefined, false, src('db.internal'), OFF, 'skip-no-value', null],
  ['absent, no source → no empty key by default', undefined, false, undefined, SET, 'skip-no-value', null],
  ['absent, empty source value → no empty key by default', undefined, false, src(''), SET, 'skip-no-value', null],
  ['absent, no source, --create-empty → create-empty', undefined, false, undefined, { ...OFF, createEmpty: true }, 'create-empty', null],
  [
    'absent, --create-empty in a service folder → never',
    undefined,
    false,
    undefined,
    { ...OFF, createEmpty: true, serviceFolder: true },
    'skip-no-value',
    null,
  ],
  ['absent, value and --create-empty → the value wins', undefined, false, src('v'), { ...SET, createEmpty: true }, 'create', '.env'],
  ['absent, placeholder → skipped', undefined, false, src('__REPLACE_WITH_PASSWORD__'), SET, 'skip-placeholder', '.env'],
  ['absent, placeholder, --allow-placeholders → create', undefined, false, src('changeme'), { ...SET, allowPlaceholders: true }, 'create', '.env'],
  ['absent, placeholder, --create-empty → still not created', undefined, false, src('<password>'), { ...SET, createEmpty: true }, 'skip-placeholder', '.env'],
  // imported keys
  ['imported only → a local copy would shadow it', undefined, true, src('v'), OVER, 'skip-imported', null],
  ['imported only, --create-empty → still skipped', undefined, true, undefined, { ...OFF, createEmpty: true }, 'skip-imported', null],
  ['local and imported → the local copy decides', 'old', true, src('new'), OVER, 'overwrite', '.env'],
  // present with a value
  ['present, no --set-values → left alone', 'real', false, src('other'), OFF, 'skip-exists', null],
  ['present, equal → unchanged', 'real', false, src('real'), SET, 'unchanged', '.env'],
  ['present, different, no --overwrite-existing → left alone', 'real', false, src('other'), SET, 'skip-exists', null],
  ['present, different, --overwrite-existing → overwrite', 'real', false, src('other', 'prod.env'), OVER, 'overwrite', 'prod.env'],
  ['--overwrite-existing, source lacks the key → never blanked', 'real', false, undefined, OVER, 'skip-exists', null],
  ['--overwrite-existing, empty source value → never blanked', 'real', false, src(''), OVER, 'skip-exists', null],
  ['--overwrite-existing, placeholder → skipped', 'real', false, src('changeme'), OVER, 'skip-placeholder', '.env'],
  ['--overwrite-existing, placeholder allowed → overwrite', 'real', false, src('xxx'), { ...OVER, allowPlaceholders: true }, 'overwrite', '.env'],
  ['--overwrite-existing, equal → unchanged, not written', 'real', false, src('real'), OVER, 'unchanged', '.env'],
  ['present and a placeholder, equal source → unchanged', 'changeme', false, src('changeme'), OVER, 'unchanged', '.env'],
  // Infisical stores a value trimmed, keeping one trailing newline: what it made of the source is equal.
  ['stored trimmed, source with spaces → unchanged, not rewritten each run', 'real', false, src('  real \t'), OVER, 'unchanged', '.env'],
  ['stored with its one trailing newline → unchanged', 'line\n', false, src('line \n\n'), OVER, 'unchanged', '.env'],
  ['a trailing newline the store lacks → overwrite', 'line', false, src('line\n'), OVER, 'overwrite', '.env'],
  ['whitespace only, stored empty → unchanged', '', false, src('   '), SET, 'unchanged', '.env'],
  // present but empty
  ['empty, value, --set-values → fill', '', false, src('v'), SET, 'fill', '.env'],
  ['empty, value, no --set-values → left alone', '', false, src('v'), OFF, 'skip-exists', null],
  ['empty, no source → nothing to fill with', '', false, undefined, SET, 'skip-no-value', null],
  ['empty, empty source → nothing to fill with', '', false, src(''), OVER, 'skip-no-value', null],
  ['empty, placeholder → skipped', '', false, src('TODO'), SET, 'skip-placeholder', '.env'],
];

describe('the action for one key', () => {
  it.each(TABLE)('%s', (_name, existing, imported, source, options, action, from) => {
    const decision = decideKey(existing, imported, source, { serviceFolder: false, ...options });
    expect(decision.action).toBe(action);
    expect(decision.source?.source ?? null).toBe(from);
  });
});

const planned = (key: string, transport: string, folders = [`/shared/${transport}/`]): PlannedKey => ({
  key,
  transport,
  required: false,
  folders,
  sources: [],
});
const listed = (values: Record<string, string> = {}, imported: string[] = []): LiveFolder => ({
  kind: 'listed',
  values: new Map(Object.entries(values)),
  imported: new Set(imported),
});
const MISSING: LiveFolder = { kind: 'missing' };
const failed = (reason: string): LiveFolder => ({ kind: 'failed', reason });

describe('planSeed', () => {
  it('creates each missing folder once, parents first, before the keys', () => {
    const keys = [planned('A', 'db'), planned('B', 'kafka'), planned('C', 'db'), planned('D', 'kafka')];
    const live = new Map([
      ['/services/', listed()],
      ['/services/api/', MISSING],
      ['/services/api/db/', MISSING],
      ['/services/api/kafka/', MISSING],
    ]);
    const sources = new Map([
      ['A', src('a')],
      ['B', src('b')],
      ['C', src('c')],
      ['D', src('d')],
    ]);
    const actions = planSeed({ keys, target: { kind: 'service', slug: 'api' }, sources, live, options: SET });
    expect(actions).toEqual([
      { action: 'create-folder', folder: '/services/api/', parent: '/services/', name: 'api' },
      { action: 'create-folder', folder: '/services/api/db/', parent: '/services/api/', name: 'db' },
      { action: 'create-folder', folder: '/services/api/kafka/', parent: '/services/api/', name: 'kafka' },
      { action: 'create', key: 'A', folder: '/services/api/db/', source: '.env' },
      { action: 'create', key: 'B', folder: '/services/api/kafka/', source: '.env' },
      { action: 'create', key: 'C', folder: '/services/api/db/', source: '.env' },
      { action: 'create', key: 'D', folder: '/services/api/kafka/', source: '.env' },
    ]);
  });

  it('creates no folder that nothing will be written into', () => {
    const live = new Map([
      ['/shared/', listed()],
      ['/shared/db/', MISSING],
    ]);
    const actions = planSeed({ keys: [planned('A', 'db')], target: { kind: 'shared' }, sources: new Map(), live, options: SET });
    expect(actions).toEqual([{ action: 'skip-no-value', key: 'A', folder: '/shared/db/', source: null }]);
  });

  it('never turns a failed read into a create, in the folder or above it', () => {
    const keys = [planned('A', 'db'), planned('B', 'kafka'), planned('C', 'env')];
    const live = new Map<string, LiveFolder>([
      ['/shared/', listed()],
      ['/shared/db/', failed('HTTP 503')],
      ['/shared/kafka/', listed({ B: 'x' })],
      // /shared/env/ is added as missing below: its parent was read, so it is created
    ]);
    const sources = new Map([
      ['A', src('a')],
      ['B', src('b')],
      ['C', src('c')],
    ]);
    const options = { ...OVER, createEmpty: true };
    const actions = planSeed({ keys, target: { kind: 'shared' }, sources, live: new Map([...live, ['/shared/env/', MISSING]]), options });
    expect(actions).toContainEqual({ action: 'error-unread', key: 'A', folder: '/shared/db/', source: null, reason: 'HTTP 503' });
    expect(actions).toContainEqual({ action: 'overwrite', key: 'B', folder: '/shared/kafka/', source: '.env' });
    expect(actions).toContainEqual({ action: 'create-folder', folder: '/shared/env/', parent: '/shared/', name: 'env' });

    const parentFailed = new Map<string, LiveFolder>([
      ['/shared/', failed('HTTP 500')],
      ['/shared/env/', MISSING],
    ]);
    const again = planSeed({ keys: [planned('C', 'env')], target: { kind: 'shared' }, sources, live: parentFailed, options });
    expect(again).toEqual([{ action: 'error-unread', key: 'C', folder: '/shared/env/', source: null, reason: '/shared/: HTTP 500' }]);
  });

  it('treats a folder nobody looked at as unread, never as missing', () => {
    const actions = planSeed({ keys: [planned('A', 'db')], target: { kind: 'shared' }, sources: new Map([['A', src('a')]]), live: new Map(), options: SET });
    expect(actions).toEqual([{ action: 'error-unread', key: 'A', folder: '/shared/db/', source: null, reason: 'not looked at' }]);
  });

  it('does not create a folder whose missing parent nobody looked at', () => {
    const live = new Map([['/services/api/db/', MISSING]]);
    const actions = planSeed({ keys: [planned('A', 'db')], target: { kind: 'service', slug: 'api' }, sources: new Map([['A', src('a')]]), live, options: SET });
    expect(actions).toEqual([{ action: 'error-unread', key: 'A', folder: '/services/api/db/', source: null, reason: '/services/: not looked at' }]);
  });

  it('reads values, imports and emptiness from the listing', () => {
    const keys = ['NEW', 'SAME', 'OTHER', 'EMPTY', 'IMPORTED', 'PLACEHOLDER', 'NONE'].map((k) => planned(k, 'db'));
    const live = new Map([
      ['/shared/', listed()],
      ['/shared/db/', listed({ SAME: 's', OTHER: 'o', EMPTY: '' }, ['IMPORTED'])],
    ]);
    const sources = new Map([
      ['NEW', src('n')],
      ['SAME', src('s', 'environment')],
      ['OTHER', src('o2')],
      ['EMPTY', src('e')],
      ['IMPORTED', src('i')],
      ['PLACEHOLDER', src('__REPLACE_WITH_TOKEN__')],
    ]);
    const actions = planSeed({ keys, target: { kind: 'shared' }, sources, live, options: SET });
    expect(actions.map((a) => [a.action, 'key' in a ? a.key : a.folder])).toEqual([
      ['create', 'NEW'],
      ['unchanged', 'SAME'],
      ['skip-exists', 'OTHER'],
      ['fill', 'EMPTY'],
      ['skip-imported', 'IMPORTED'],
      ['skip-placeholder', 'PLACEHOLDER'],
      ['skip-no-value', 'NONE'],
    ]);
  });

  it('never carries a value in an action', () => {
    const keys = [planned('A', 'db'), planned('B', 'db')];
    const live = new Map([
      ['/shared/', listed()],
      ['/shared/db/', listed({ B: 'old-secret-value' })],
    ]);
    const sources = new Map([
      ['A', src('new-secret-value')],
      ['B', src('other-secret-value')],
    ]);
    const text = JSON.stringify(planSeed({ keys, target: { kind: 'shared' }, sources, live, options: OVER }));
    expect(text).not.toMatch(/secret-value/);
    expect(text).toMatch(/"overwrite"/);
  });
});

describe('foldersToLook', () => {
  it('lists each target folder and its ancestors once, top-down', () => {
    const keys = [planned('A', 'db', ['/services/api/db/', '/shared/db/']), planned('B', 'kafka'), planned('C', 'db')];
    expect(foldersToLook(keys, { kind: 'shared' })).toEqual(['/shared/', '/shared/db/', '/shared/kafka/']);
    expect(foldersToLook(keys, { kind: 'service', slug: 'api' })).toEqual(['/services/', '/services/api/', '/services/api/db/', '/services/api/kafka/']);
  });
});
