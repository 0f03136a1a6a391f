import { describe, expect, it } from 'vitest';
import { isSecretsRunError } from '../../../src/errors.js';
import { folderChain, seedFolder, seedTarget } from '../../../src/seed/seed-target.js';

const key = (transport: string, folders: string[]) => ({ transport, folders });

describe('the folder seed writes a key to', () => {
  const TABLE: [string, ReturnType<typeof key>, ReturnType<typeof seedTarget>, string][] = [
    ['shared, plan without a service', key('db', ['/shared/db/']), { kind: 'shared' }, '/shared/db/'],
    ['shared, plan with a service', key('db', ['/services/api/db/', '/shared/db/']), { kind: 'shared' }, '/shared/db/'],
    [
      'shared, a key of two transports: the first one read',
      key('db', ['/services/api/db/', '/services/api/env/', '/shared/db/', '/shared/env/']),
      { kind: 'shared' },
      '/shared/db/',
    ],
    ['service, plan with that service', key('db', ['/services/api/db/', '/shared/db/']), { kind: 'service', slug: 'api' }, '/services/api/db/'],
    ['service, plan built without it', key('kafka', ['/shared/kafka/']), { kind: 'service', slug: 'api' }, '/services/api/kafka/'],
    [
      'service, plan built for another service',
      key('kafka', ['/services/web/kafka/', '/shared/kafka/']),
      { kind: 'service', slug: 'api' },
      '/services/api/kafka/',
    ],
  ];
  it.each(TABLE)('%s', (_name, k, target, expected) => {
    expect(seedFolder(k, target)).toBe(expected);
  });
});

describe('--target', () => {
  it('defaults to the shared folders and takes a service with its slug', () => {
    expect(seedTarget('shared', '')).toEqual({ kind: 'shared' });
    expect(seedTarget('shared', 'api')).toEqual({ kind: 'shared' });
    expect(seedTarget('service', 'api')).toEqual({ kind: 'service', slug: 'api' });
  });

  it.each([
    ['service', '', /--target service needs a service slug/],
    ['services', 'api', /--target services: expected shared or service/],
  ])('--target %s with service %j is a usage error', (target, service, message) => {
    let thrown: unknown;
    try {
      seedTarget(target, service);
    } catch (error) {
      thrown = error;
    }
    expect(isSecretsRunError(thrown) && thrown.code).toBe('USAGE');
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('a folder and its ancestors', () => {
  it.each([
    ['/shared/db/', ['/shared/', '/shared/db/']],
    ['/services/api/db/', ['/services/', '/services/api/', '/services/api/db/']],
    ['/', []],
  ])('%s', (folder, chain) => {
    expect(folderChain(folder)).toEqual(chain);
  });
});
