import { describe, expect, it } from 'vitest';
import { dropUnpassable } from '../../../src/merge/unpassable.js';

const files = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, { value: v, file: '.env' }]));
const fetched = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, { value: v, folder: '/shared/env/' }]));

describe('values no environment can carry', () => {
  it('leaves out values holding a NUL character, from env files and from Infisical, and names them', () => {
    const r = dropUnpassable({}, files({ A: 'x\0y', B: 'fine' }), fetched({ C: '\0', D: 'ok' }), false);
    expect([...r.envFiles.keys()]).toEqual(['B']);
    expect([...r.fetched.keys()]).toEqual(['D']);
    expect(r.unpassable).toEqual([
      { key: 'C', from: '/shared/env/' },
      { key: 'A', from: '.env' },
    ]);
  });

  it('the next source down still supplies the key: an env file under a refused Infisical value', () => {
    const r = dropUnpassable({}, files({ K: 'from-file' }), fetched({ K: 'a\0b' }), false);
    expect(r.envFiles.get('K')?.value).toBe('from-file');
    expect(r.fetched.has('K')).toBe(false);
    expect(r.unpassable).toEqual([{ key: 'K', from: '/shared/env/' }]);
  });

  it('does not report a value that would have lost anyway', () => {
    // The inherited environment beats both (Infisical too, without --override); Infisical beats a file.
    expect(dropUnpassable({ K: 'env' }, files({ K: 'a\0' }), fetched({ K: 'b\0' }), false).unpassable).toEqual([]);
    expect(dropUnpassable({}, files({ K: 'a\0' }), fetched({ K: 'ok' }), false).unpassable).toEqual([]);
    expect(dropUnpassable({ K: 'env' }, files({}), fetched({ K: 'b\0' }), true).unpassable).toEqual([{ key: 'K', from: '/shared/env/' }]);
  });
});
