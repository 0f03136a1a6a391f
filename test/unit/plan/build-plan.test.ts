import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Requirement } from '../../../src/contracts/types.js';
import { buildPlan, foldersNeeded, foldersToList } from '../../../src/plan/build-plan.js';

const req = (key: string, transport: string, contract = 'a.yaml', field = 'metadata.transport_type', required = true): Requirement => ({
  key,
  transport,
  contract,
  field,
  required,
});

describe('the plan (pure)', () => {
  it('without a service, only the shared folder', () => {
    expect(buildPlan({ requirements: [req('POSTGRES_HOST', 'db')], service: '' })).toEqual([
      { key: 'POSTGRES_HOST', transport: 'db', required: true, folders: ['/shared/db/'], sources: [{ contract: 'a.yaml', field: 'metadata.transport_type' }] },
    ]);
  });

  it('with a service, the per-service folder first', () => {
    expect(buildPlan({ requirements: [req('KAFKA_ACKS', 'kafka')], service: 'billing' })[0]!.folders).toEqual(['/services/billing/kafka/', '/shared/kafka/']);
  });

  it('environment dependencies use t = env', () => {
    const plan = buildPlan({ requirements: [req('API_KEY', 'env', 'a.yaml', 'dependencies[0]', false)], service: 'api' });
    expect(plan[0]).toMatchObject({ key: 'API_KEY', transport: 'env', required: false, folders: ['/services/api/env/', '/shared/env/'] });
  });

  it('merges duplicates: all sources, required if any asks, every own folder before any shared one', () => {
    const plan = buildPlan({
      service: 's',
      requirements: [
        req('X', 'env', 'a.yaml', 'dependencies[0]', false),
        req('POSTGRES_HOST', 'db', 'a.yaml'),
        req('X', 'db', 'b.yaml', 'handler_routing.handlers[0].handler_type', true),
        req('X', 'env', 'a.yaml', 'dependencies[0]', false),
      ],
    });
    expect(plan.map((p) => p.key)).toEqual(['X', 'POSTGRES_HOST']);
    expect(plan[0]).toEqual({
      key: 'X',
      transport: 'env',
      required: true,
      folders: ['/services/s/env/', '/services/s/db/', '/shared/env/', '/shared/db/'],
      sources: [
        { contract: 'a.yaml', field: 'dependencies[0]' },
        { contract: 'b.yaml', field: 'handler_routing.handlers[0].handler_type' },
      ],
    });
  });

  it('keeps discovery order', () => {
    const keys = ['C', 'A', 'B'].map((k) => req(k, 'env'));
    expect(buildPlan({ requirements: keys, service: '' }).map((p) => p.key)).toEqual(['C', 'A', 'B']);
  });

  it.each([
    'INFISICAL_CLIENT_SECRET',
    'INFISICAL_ADDR',
    'INFISICAL_API_URL',
    'INFISICAL_TOKEN',
    'INFISICAL_PROJECT_ID',
    'INFISICAL_CLIENT_ID',
    'INFISICAL_ENVIRONMENT',
    'INFISICAL_ENV',
    'INFISICAL_AUTH_METHOD',
    'INFISICAL_UNIVERSAL_AUTH_CLIENT_ID',
    'INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET',
    'INFISICAL_MACHINE_IDENTITY_ID',
    'INFISICAL_OIDC_AUTH_IDENTITY_ID',
    'INFISICAL_KUBERNETES_IDENTITY_ID',
    'INFISICAL_JWT',
    'INFISICAL_OIDC_AUTH_JWT',
    'INFISICAL_OIDC_AUDIENCE',
    'INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  ])('never plans the bootstrap variable %s', (name) => {
    expect(buildPlan({ requirements: [req(name, 'env', 'a.yaml', 'dependencies[0]'), req('OK', 'env')], service: 's' }).map((p) => p.key)).toEqual(['OK']);
  });

  it('lists each folder once, in first-use order', () => {
    const plan = buildPlan({ requirements: [req('A', 'db'), req('B', 'kafka'), req('C', 'db'), req('D', 'env')], service: 's' });
    expect(foldersToList(plan)).toEqual(['/services/s/db/', '/shared/db/', '/services/s/kafka/', '/shared/kafka/', '/services/s/env/', '/shared/env/']);
  });
});

describe('folders needed as the scan goes', () => {
  it("are the plan's folders, bootstrap guard included", () => {
    const requirements = [req('A', 'db'), req('INFISICAL_TOKEN', 'kafka'), req('B', 'env'), req('C', 'db')];
    expect([...new Set(foldersNeeded(requirements, 's'))]).toEqual(foldersToList(buildPlan({ requirements, service: 's' })));
  });
});

// The plan as docs/contracts.md (Folders and priority) words it, written for clarity rather than speed:
// what buildPlan must equal on any input, in any order, with any repeats.
const referencePlan = (requirements: readonly Requirement[], service: string) => {
  const keys: string[] = [];
  for (const r of requirements) if (r.key !== 'INFISICAL_ADDR' && !keys.includes(r.key)) keys.push(r.key);
  return keys.map((key) => {
    const asks = requirements.filter((r) => r.key === key);
    const transports = [...new Set(asks.map((r) => r.transport))];
    const sources: { contract: string; field: string }[] = [];
    for (const r of asks) if (!sources.some((s) => s.contract === r.contract && s.field === r.field)) sources.push({ contract: r.contract, field: r.field });
    return {
      key,
      transport: asks[0]!.transport,
      required: asks.some((r) => r.required),
      folders: [...(service === '' ? [] : transports.map((t) => `/services/${service}/${t}/`)), ...transports.map((t) => `/shared/${t}/`)],
      sources,
    };
  });
};

describe('the plan against its definition', () => {
  it('equals the plain reading of docs/contracts.md, Folders and priority, on random requirements, contracts interleaved and repeated', () => {
    const requirement = fc.record({
      key: fc.constantFrom('A', 'B', 'C', 'INFISICAL_ADDR'),
      transport: fc.constantFrom('db', 'env', 'mcp'),
      required: fc.boolean(),
      contract: fc.constantFrom('a.yaml', 'b.yaml', 'c.yaml'),
      field: fc.constantFrom('f1', 'f2', 'f3'),
    });
    fc.assert(
      fc.property(fc.array(requirement, { maxLength: 40 }), fc.constantFrom('', 'svc'), (requirements, service) => {
        expect(buildPlan({ requirements, service })).toEqual(referencePlan(requirements, service));
      }),
      { numRuns: 500 },
    );
  });
});
