import { describe, expect, it } from 'vitest';
import { resolveFetchedKeys } from '../../../src/resolve/resolve-keys.js';
import type { PlannedKey } from '../../../src/plan/types.js';

// Folder priority when part of the fetch failed: a folder that could not be read may hold the key,
// so no lower folder stands in for it (issue 13, "partial failure never changes who wins").
const planned = (key: string, folders: string[]) => ({ key, folders }) as unknown as PlannedKey;
const folder = (values: Record<string, string>, hidden: string[] = []) => ({ values: new Map(Object.entries(values)), hidden });
const HOST = planned('POSTGRES_HOST', ['/services/api/db/', '/shared/db/']);

describe('a folder that could not be read', () => {
  it('stops the search: the shared value does not stand in for the service folder that failed', () => {
    const folders = new Map([['/shared/db/', folder({ POSTGRES_HOST: 'another-services-db' })]]);
    const r = resolveFetchedKeys([HOST], folders, new Set(['/services/api/db/']));
    expect(r.fetched.has('POSTGRES_HOST')).toBe(false);
    expect([...r.unread]).toEqual([['POSTGRES_HOST', '/services/api/db/']]);
  });

  it('a failed folder below the one that holds the key changes nothing', () => {
    const folders = new Map([['/services/api/db/', folder({ POSTGRES_HOST: 'api-db' })]]);
    const r = resolveFetchedKeys([HOST], folders, new Set(['/shared/db/']));
    expect(r.fetched.get('POSTGRES_HOST')).toEqual({ value: 'api-db', folder: '/services/api/db/' });
    expect(r.unread.size).toBe(0);
  });

  it('the service folder arrived without the key: the search goes on, and stops at the failed shared folder', () => {
    const folders = new Map([['/services/api/db/', folder({})]]);
    const r = resolveFetchedKeys([HOST], folders, new Set(['/shared/db/']));
    expect([...r.unread]).toEqual([['POSTGRES_HOST', '/shared/db/']]);
  });

  it('a folder never asked for (Infisical not contacted, plan --offline) is passed over, as before', () => {
    const folders = new Map([['/shared/db/', folder({ POSTGRES_HOST: 'shared' })]]);
    const r = resolveFetchedKeys([HOST], folders);
    expect(r.fetched.get('POSTGRES_HOST')).toEqual({ value: 'shared', folder: '/shared/db/' });
    expect(r.unread.size).toBe(0);
  });

  it('a hidden value still stops the search before a failed folder is reached', () => {
    const folders = new Map([['/services/api/db/', folder({}, ['POSTGRES_HOST'])]]);
    const r = resolveFetchedKeys([HOST], folders, new Set(['/shared/db/']));
    expect([[...r.hidden], [...r.unread]]).toEqual([[['POSTGRES_HOST', '/services/api/db/']], []]);
  });

  it('a failed root listing (/services/api/, recursive) fails every folder below it, and is the one named', () => {
    const folders = new Map([['/shared/db/', folder({ POSTGRES_HOST: 'another-services-db' })]]);
    const r = resolveFetchedKeys([HOST], folders, new Set(['/services/api/']));
    expect(r.fetched.has('POSTGRES_HOST')).toBe(false);
    expect([...r.unread]).toEqual([['POSTGRES_HOST', '/services/api/']]);
  });

  it("a failed root does not cover another service's folders that share its name's start", () => {
    const other = planned('POSTGRES_HOST', ['/services/api2/db/', '/shared/db/']);
    const folders = new Map([['/shared/db/', folder({ POSTGRES_HOST: 'shared' })]]);
    const r = resolveFetchedKeys([other], folders, new Set(['/services/api/']));
    expect(r.fetched.get('POSTGRES_HOST')).toEqual({ value: 'shared', folder: '/shared/db/' });
  });
});
