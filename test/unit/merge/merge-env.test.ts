import { describe, expect, it } from 'vitest';
import { mergeEnv, type MergeInput } from '../../../src/merge/merge-env.js';
import { resolveFetchedKeys } from '../../../src/resolve/resolve-keys.js';
import type { PlannedKey } from '../../../src/plan/types.js';

const planned = (key: string, folders = ['/services/s/db/', '/shared/db/']): PlannedKey => ({ key, transport: 'db', required: true, folders, sources: [] });
const files = (vars: Record<string, string>, file = '.env') => new Map(Object.entries(vars).map(([k, v]) => [k, { value: v, file }]));
const fetched = (vars: Record<string, string>, folder = '/shared/db/') => new Map(Object.entries(vars).map(([k, v]) => [k, { value: v, folder }]));

const input = (over: Partial<MergeInput>): MergeInput => ({
  inherited: {},
  envFiles: new Map(),
  fetched: new Map(),
  plan: [],
  override: false,
  scrubBootstrap: false,
  ...over,
});

describe('merge (pure): inherited > Infisical > env files', () => {
  it.each([
    // inherited, fetched, file, override → value, resolution, shadowed
    ['inherited', 'fetched', 'file', false, 'inherited', 'environment', ['infisical', 'env-file']],
    [undefined, 'fetched', 'file', false, 'fetched', 'infisical', ['env-file']],
    [undefined, undefined, 'file', false, 'file', 'env-file', []],
    [undefined, undefined, undefined, false, undefined, 'missing', []],
    ['inherited', 'fetched', undefined, true, 'fetched', 'infisical', ['environment']],
    ['inherited', undefined, 'file', true, 'inherited', 'environment', ['env-file']],
    ['', 'fetched', undefined, false, '', 'environment', ['infisical']], // an empty variable is still set, as dotenv treats it
  ])('inherited=%j fetched=%j file=%j override=%j → %j from %s', (inh, fet, file, override, value, resolution, shadowed) => {
    const result = mergeEnv(
      input({
        inherited: inh === undefined ? {} : { K: inh },
        fetched: fet === undefined ? new Map() : fetched({ K: fet }),
        envFiles: file === undefined ? new Map() : files({ K: file }),
        plan: [planned('K')],
        override,
      }),
    );
    expect(result.env['K']).toBe(value);
    expect(result.keys).toEqual([expect.objectContaining({ key: 'K', resolution, shadowed })]);
  });

  it('records the folder or file that supplied a key, never its value', () => {
    const result = mergeEnv(
      input({ fetched: fetched({ A: 'secret-a' }, '/services/s/db/'), envFiles: files({ B: 'secret-b' }, 'local.env'), plan: [planned('A'), planned('B')] }),
    );
    expect(result.keys).toEqual([
      { key: 'A', resolution: 'infisical', folder: '/services/s/db/', shadowed: [] },
      { key: 'B', resolution: 'env-file', file: 'local.env', shadowed: [] },
    ]);
    expect(JSON.stringify(result.keys)).not.toMatch(/secret-/);
  });

  it('only planned keys come from Infisical; every env-file variable reaches the child', () => {
    const result = mergeEnv(input({ fetched: fetched({ A: '1', EXTRA: 'x' }), envFiles: files({ LOCAL: 'l' }), plan: [planned('A')] }));
    expect(result.env).toEqual({ A: '1', LOCAL: 'l' });
  });

  it('--scrub-bootstrap removes the client secret and token, wherever they came from', () => {
    const result = mergeEnv(
      input({
        inherited: { INFISICAL_CLIENT_SECRET: 's', INFISICAL_ADDR: 'http://x', INFISICAL_CLIENT_ID: 'id' },
        envFiles: files({ INFISICAL_TOKEN: 't' }),
        scrubBootstrap: true,
      }),
    );
    expect(result.env).toEqual({ INFISICAL_ADDR: 'http://x', INFISICAL_CLIENT_ID: 'id' });
    expect(mergeEnv(input({ inherited: { INFISICAL_CLIENT_SECRET: 's' } })).env).toEqual({ INFISICAL_CLIENT_SECRET: 's' });
  });
});

describe('folder priority when resolving fetched keys', () => {
  const folder = (values: Record<string, string>, hidden: string[] = []) => ({ values: new Map(Object.entries(values)), hidden });

  it('per-service beats shared; shared is the fallback', () => {
    const folders = new Map([
      ['/services/s/db/', folder({ A: 'own' })],
      ['/shared/db/', folder({ A: 'shared', B: 'shared-b' })],
    ]);
    const { fetched } = resolveFetchedKeys([planned('A'), planned('B'), planned('C')], folders);
    expect(Object.fromEntries(fetched)).toEqual({ A: { value: 'own', folder: '/services/s/db/' }, B: { value: 'shared-b', folder: '/shared/db/' } });
  });

  it('a folder that did not arrive is skipped', () => {
    const { fetched } = resolveFetchedKeys([planned('A')], new Map([['/shared/db/', folder({ A: 'shared' })]]));
    expect(fetched.get('A')?.folder).toBe('/shared/db/');
  });

  it('a hidden value stops the search instead of falling back to a lower folder', () => {
    const folders = new Map([
      ['/services/s/db/', folder({}, ['A'])],
      ['/shared/db/', folder({ A: 'shared' })],
    ]);
    const result = resolveFetchedKeys([planned('A')], folders);
    expect(result.fetched.size).toBe(0);
    expect(result.hidden.get('A')).toBe('/services/s/db/');
  });
});

// A contract may plan `__proto__`: on a plain object it set the prototype and vanished, while the
// report called it injected.
describe('the environment has no prototype: every name is a variable', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('%s from Infisical, an env file or the environment reaches the env', (name) => {
    const fromInfisical = mergeEnv(input({ fetched: fetched({ [name]: 'v' }), plan: [planned(name)] }));
    expect(Object.getPrototypeOf(fromInfisical.env)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(fromInfisical.env, name)?.value).toBe('v');
    expect(fromInfisical.keys[0]).toMatchObject({ key: name, resolution: 'infisical' });

    const fromFile = mergeEnv(input({ envFiles: new Map([[name, { value: 'f', file: '.env' }]]), plan: [planned(name)] }));
    expect(Object.getOwnPropertyDescriptor(fromFile.env, name)?.value).toBe('f');

    const inherited = Object.create(null) as Record<string, string>;
    inherited[name] = 'i';
    const fromEnvironment = mergeEnv(input({ inherited, fetched: fetched({ [name]: 'v' }), plan: [planned(name)] }));
    expect(Object.getOwnPropertyDescriptor(fromEnvironment.env, name)?.value).toBe('i');
    expect(fromEnvironment.keys[0]).toMatchObject({ resolution: 'environment', shadowed: ['infisical'] });
  });

  it('a name only the prototype of the inherited object answers is not inherited', () => {
    const result = mergeEnv(input({ inherited: {}, fetched: fetched({ constructor: 'v' }), plan: [planned('constructor')] }));
    expect(result.keys[0]).toMatchObject({ resolution: 'infisical', shadowed: [] });
  });

  it('every name is enumerable, as spawn() reads them (for...in)', () => {
    const result = mergeEnv(
      input({ inherited: { A: '1' }, fetched: new Map([['__proto__', { value: 'p', folder: '/shared/db/' }]]), plan: [planned('__proto__')] }),
    );
    const names: string[] = [];
    for (const name in result.env) names.push(name);
    expect(names.sort()).toEqual(['A', '__proto__'].sort());
  });
});
