import { describe, expect, it } from 'vitest';
import { buildTransportMap, keysForTransport, resolveTransport } from '../../../src/contracts/transport-map.js';
import { isSecretsRunError } from '../../../src/errors.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { extractContract } from '../../../src/contracts/extract-contract.js';

const fails = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(isSecretsRunError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a failure');
};

describe('transport map', () => {
  it('has the built-in table', () => {
    const map = buildTransportMap();
    expect(keysForTransport(map, 'valkey')).toEqual(['VALKEY_HOST', 'VALKEY_PORT', 'VALKEY_PASSWORD', 'VALKEY_DB']);
    expect(keysForTransport(map, 'llm')).toHaveLength(10);
    expect(keysForTransport(map, 'infisical')).toEqual([]);
    expect(resolveTransport(map, ' Memgraph ')).toBe('graph');
    expect(resolveTransport(map, 'nope')).toBeUndefined();
  });

  it("config replaces a slug's keys and adds an alias", () => {
    const map = buildTransportMap({ transports: { DB: ['POSTGRES_DSN', 'POSTGRES_POOL_MIN'] }, aliases: { Timescale: 'db' } });
    const plan = buildPlan({ requirements: extractContract('metadata: {transport_type: timescale}', 'a.yaml', map).requirements, service: '' });
    expect(plan.map((p) => [p.key, p.transport, p.folders])).toEqual([
      ['POSTGRES_DSN', 'db', ['/shared/db/']],
      ['POSTGRES_POOL_MIN', 'db', ['/shared/db/']],
    ]);
  });

  it('never plans a key that names a bootstrap variable', () => {
    expect(fails(() => buildTransportMap({ transports: { db: ['INFISICAL_CLIENT_SECRET'] } }))).toMatch(/bootstrap variable/);
    expect(fails(() => buildTransportMap({ transports: { infisical: ['X'] } }))).toMatch(/bootstrap transport/);
  });

  it('rejects aliases to unknown slugs and aliases that shadow slugs', () => {
    expect(fails(() => buildTransportMap({ aliases: { x: 'nope' } }))).toMatch(/unknown transport 'nope'/);
    expect(fails(() => buildTransportMap({ aliases: { kafka: 'db' } }))).toMatch(/already a transport slug/);
    expect(fails(() => buildTransportMap({ transports: { 'bad slug': ['A'] } }))).toMatch(/not a valid slug/);
    expect(fails(() => buildTransportMap({ transports: { x: ['A=B'] } }))).toMatch(/invalid key name/);
  });
});
