import { describe, expect, it } from 'vitest';
import { decideClientSecret, foundOne, pairState, stepLine, stepReport, type PairState } from '../../../src/provision/steps.js';
import { foldersTopDown, sharedFolders } from '../../../src/provision/shared-folders.js';
import { provisionOptions } from '../../../src/provision/provision-options.js';

const PAIR: PairState = { kind: 'pair', clientId: 'id-1', clientSecret: 's' };
const base = { identityClientId: 'id-1', envFile: '.env', identityName: 'onex-runtime' };

describe('pairState: what the env file holds of the client id and secret', () => {
  it.each([
    [{}, 'none'],
    [{ INFISICAL_CLIENT_ID: ' ', INFISICAL_CLIENT_SECRET: '' }, 'none'],
    [{ INFISICAL_CLIENT_ID: 'a', INFISICAL_CLIENT_SECRET: 'b' }, 'pair'],
    [{ INFISICAL_CLIENT_ID: 'a' }, 'partial'],
    [{ INFISICAL_CLIENT_SECRET: 'b', INFISICAL_CLIENT_ID: '' }, 'partial'],
  ])('%j → %s', (vars, kind) => expect(pairState(vars).kind).toBe(kind));
});

// Step 5 as a table: a secret is minted only when no working pair of this identity is there, a pair
// is replaced only with --force and then whole.
describe('decideClientSecret', () => {
  const partial: PairState = { kind: 'partial', has: 'INFISICAL_CLIENT_ID', lacks: 'INFISICAL_CLIENT_SECRET' };
  it.each<[string, PairState, 'works' | 'refused' | 'not-tried', string, boolean, string]>([
    ['no pair → mint, fill', { kind: 'none' }, 'not-tried', 'id-1', false, 'mint:fill'],
    ['working pair of this identity → keep', PAIR, 'works', 'id-1', false, 'keep'],
    ['working pair of this identity, --force → keep (nothing to fix)', PAIR, 'works', 'id-1', true, 'keep'],
    ['pair of another identity → conflict', PAIR, 'works', 'id-2', false, 'conflict'],
    ['pair of another identity, --force → mint, replace', PAIR, 'works', 'id-2', true, 'mint:replace'],
    ['refused pair → conflict', PAIR, 'refused', 'id-1', false, 'conflict'],
    ['refused pair, --force → mint, replace', PAIR, 'refused', 'id-1', true, 'mint:replace'],
    ['half a pair → conflict', partial, 'not-tried', 'id-1', false, 'conflict'],
    ['half a pair, --force → mint, replace (the id written is the identity’s)', partial, 'not-tried', 'id-1', true, 'mint:replace'],
  ])('%s', (_name, pair, login, identityClientId, force, expected) => {
    const d = decideClientSecret({ ...base, pair, login, identityClientId, force });
    expect(d.action === 'mint' ? `mint:${d.replace ? 'replace' : 'fill'}` : d.action).toBe(expected);
  });

  it('a conflict says what to do', () => {
    const d = decideClientSecret({ ...base, pair: PAIR, login: 'refused', force: false });
    expect(d).toMatchObject({ action: 'conflict', hint: expect.stringContaining('--force') });
  });
});

describe('step lines and lookups', () => {
  it('says a step as the issue shows it', () => {
    expect(stepLine(stepReport('identity', 'onex-runtime', 'created'))).toBe('provision [3/8] identity onex-runtime: created');
    expect(stepLine(stepReport('admin bootstrap', '', 'exists', 'token from X'))).toBe('provision [1/8] admin bootstrap: exists (token from X)');
  });

  it('foundOne tells none, one and several apart', () => {
    expect(foundOne([])).toEqual({ kind: 'none' });
    expect(foundOne([1])).toEqual({ kind: 'one', item: 1 });
    expect(foundOne([1, 2])).toEqual({ kind: 'many', items: [1, 2] });
  });
});

describe('the folders provision makes', () => {
  const key = (folders: string[]) => ({ key: 'K', transport: 't', required: true, folders, sources: [] });
  it('every shared folder of the plan, once, never a service folder', () => {
    expect(sharedFolders([key(['/services/api/db/', '/shared/db/']), key(['/shared/kafka/', '/shared/db/']), key(['/shared/env/'])])).toEqual([
      '/shared/db/',
      '/shared/env/',
      '/shared/kafka/',
    ]);
  });

  it('parents before children, each once', () => {
    expect(foldersTopDown(['/shared/db/', '/shared/kafka/'])).toEqual([
      { parent: '/', name: 'shared', path: '/shared/' },
      { parent: '/shared/', name: 'db', path: '/shared/db/' },
      { parent: '/shared/', name: 'kafka', path: '/shared/kafka/' },
    ]);
  });
});

describe('provisionOptions', () => {
  const one = [{ path: '.env', explicit: false }];
  it('defaults', () => {
    expect(provisionOptions({}, one)).toMatchObject({
      project: 'onex',
      environments: ['dev', 'staging', 'prod'],
      identityName: 'onex-runtime',
      role: 'admin',
      envFile: '.env',
      adminTokenFile: '.infisical-admin-token',
      dryRun: false,
      force: false,
      format: 'table',
    });
  });

  it.each([
    [{ role: 'developer' }, /--role developer/],
    [{ format: 'dotenv' }, /--format/],
    [{ environments: ['Prod'] }, /not an environment slug/],
    [{ project: ' ' }, /--project is empty/],
  ])('%j is a usage error', (flags, message) => expect(() => provisionOptions(flags, one)).toThrow(message));

  it('--environments takes a comma list or repeats, each once', () => {
    expect(provisionOptions({ environments: ['dev,prod', 'dev'] }, one).environments).toEqual(['dev', 'prod']);
  });

  it('one env file, no more, no less', () => {
    expect(() => provisionOptions({}, [])).toThrow(/--no-env-file/);
    expect(() => provisionOptions({}, [...one, { path: 'b', explicit: true }])).toThrow(/one env file/);
  });
});
