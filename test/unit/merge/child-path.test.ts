import { describe, expect, it } from 'vitest';
import { pathBeforeFetch } from '../../../src/merge/child-path.js';

const files = (path?: string) => new Map(path === undefined ? [] : [['PATH', { value: path, file: '.env' }]]);
const plain = { allowKeys: [] as string[], override: false };

describe('the PATH the command is looked up in, before the fetch', () => {
  it('is the inherited PATH, else the env files', () => {
    expect(pathBeforeFetch({ PATH: '/inherited' }, files('/from-file'), plain)).toEqual({ path: '/inherited' });
    expect(pathBeforeFetch({}, files('/from-file'), plain)).toEqual({ path: '/from-file' });
    expect(pathBeforeFetch({}, files(), plain)).toEqual({ path: undefined });
  });

  it('is not known before the fetch when --allow-key PATH lets Infisical set it', () => {
    expect(pathBeforeFetch({}, files('/from-file'), { allowKeys: ['PATH'], override: false })).toBeUndefined();
    expect(pathBeforeFetch({ PATH: '/inherited' }, files(), { allowKeys: ['PATH'], override: true })).toBeUndefined();
    // An inherited PATH beats Infisical's without --override.
    expect(pathBeforeFetch({ PATH: '/inherited' }, files(), { allowKeys: ['PATH'], override: false })).toEqual({ path: '/inherited' });
  });
});
