import { describe, expect, it } from 'vitest';
import { environmentBytes, fitEnvironment } from '../../../src/merge/fit-environment.js';
import type { MergeResult } from '../../../src/merge/merge-env.js';

const KIB = 1024;
const big = (kib: number): string => 'x'.repeat(kib * KIB);
const files = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, file]) => [k, { value: '', file }]));

// Inherited HOME, INHERITED_BIG; Infisical's FROM_INFISICAL (planned); the env file's FILE_A, FILE_B.
const merge: MergeResult = {
  env: { HOME: '/root', INHERITED_BIG: big(100), FROM_INFISICAL: big(60), FILE_A: big(50), FILE_B: big(40) },
  keys: [{ key: 'FROM_INFISICAL', resolution: 'infisical', folder: '/shared/env/', shadowed: ['env-file'] }],
};
const input = { merge, inherited: { HOME: '/root', INHERITED_BIG: big(100) }, envFiles: files({ FROM_INFISICAL: '.env', FILE_A: '.env', FILE_B: 'b.env' }) };

describe('fitting the environment to the system limit', () => {
  it('counts each NAME=value with its NUL and pointer', () => {
    expect(environmentBytes({ A: 'b' })).toBe(4 + 8);
  });

  it('leaves it alone when it fits or no limit is known', () => {
    expect(fitEnvironment({ ...input, room: undefined })).toEqual({ merge, leftOut: [] });
    expect(fitEnvironment({ ...input, room: environmentBytes(merge.env) })).toEqual({ merge, leftOut: [] });
  });

  it('leaves out the largest added values first, never an inherited one, until it fits', () => {
    const room = environmentBytes(merge.env) - 1;
    const one = fitEnvironment({ ...input, room });
    expect(one.leftOut).toEqual([{ key: 'FROM_INFISICAL', from: '/shared/env/', reason: 'too-much', bytes: 60 * KIB + 16 }]);
    expect(Object.keys(one.merge.env)).toEqual(['HOME', 'INHERITED_BIG', 'FILE_A', 'FILE_B']);
    // Provenance says it is missing, so no summary counts it as injected.
    expect(one.merge.keys).toEqual([{ key: 'FROM_INFISICAL', resolution: 'missing', shadowed: [] }]);
    const two = fitEnvironment({ ...input, room: environmentBytes({ HOME: '/root', INHERITED_BIG: big(100), FILE_B: big(40) }) });
    expect(two.leftOut.map((l) => [l.key, l.from])).toEqual([
      ['FROM_INFISICAL', '/shared/env/'],
      ['FILE_A', '.env'],
    ]);
    expect(two.merge.env).toEqual({ HOME: '/root', INHERITED_BIG: big(100), FILE_B: big(40) });
  });

  it('leaves nothing out when even every added value would not make it fit (the spawn then says E2BIG)', () => {
    expect(fitEnvironment({ ...input, room: 90 * KIB })).toEqual({ merge, leftOut: [] });
  });

  it('with --override, a planned key Infisical won over an inherited one is an added value', () => {
    const over: MergeResult = { env: { K: big(10) }, keys: [{ key: 'K', resolution: 'infisical', folder: '/s/', shadowed: ['environment'] }] };
    const r = fitEnvironment({ merge: over, inherited: { K: 'small' }, envFiles: new Map(), room: 0 });
    expect(r.leftOut.map((l) => l.key)).toEqual(['K']);
  });
});
