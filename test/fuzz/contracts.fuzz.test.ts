import fc from 'fast-check';
import { dump } from 'js-yaml';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { extractContract } from '../../src/contracts/extract-contract.js';
import { BUILTIN_ALIASES, BUILTIN_TRANSPORTS, buildTransportMap } from '../../src/contracts/transport-map.js';
import { buildPlan } from '../../src/plan/build-plan.js';

const map = buildTransportMap();
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

// Any outcome is fine except a throw: every bad input must become a classified problem.
const neverThrows = (text: string): void => {
  const result = extractContract(text, 'c.yaml', map);
  for (const p of result.problems) {
    expect(p.file).toBe('c.yaml');
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeLessThan(500);
  }
};

const yamlish = fc.string({
  unit: fc.constantFrom(
    'a',
    'b',
    ':',
    ' ',
    '  ',
    '\n',
    '-',
    '[',
    ']',
    '{',
    '}',
    ',',
    '&x',
    '*x',
    '!!str',
    '!t',
    '"',
    "'",
    '#',
    '|',
    '>',
    '?',
    '\t',
    '<<',
    '---',
    '...',
    'metadata',
    'handler_routing',
    'handlers',
    'handler_type',
    'transport_type',
    'dependencies',
    'type',
    'environment',
    'env_var',
    'required',
    'db',
    'yes',
    'no',
    '~',
    '0',
    '1.5',
    '%YAML 1.1',
    '\ufeff',
    '\u0000',
    '\u{1f600}',
  ),
  maxLength: 80,
});

describe('contract parser: arbitrary input never crashes', () => {
  it('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => neverThrows(Buffer.from(bytes).toString('latin1'))),
      { numRuns: RUNS },
    );
  });

  it('arbitrary unicode', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), neverThrows), { numRuns: RUNS });
  });

  it('YAML-shaped noise around the fields that matter', () => {
    fc.assert(fc.property(yamlish, neverThrows), { numRuns: RUNS * 3 });
  });

  it('arbitrary JSON values as documents', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => neverThrows(JSON.stringify(value))),
      { numRuns: RUNS },
    );
  });

  it('arbitrary values in the three fields', () => {
    const anything = fc.oneof(fc.jsonValue(), fc.constant(null), fc.string());
    fc.assert(
      fc.property(anything, anything, anything, anything, (transport, handlers, deps, required) => {
        const doc = {
          metadata: { transport_type: transport },
          handler_routing: { handlers },
          dependencies: [{ type: 'environment', env_var: deps, required }],
        };
        neverThrows(dump(doc, { skipInvalid: true }));
      }),
      { numRuns: RUNS },
    );
  });
});

// Well-formed contracts: the same data written in different YAML styles must plan the same.
const slug = fc.constantFrom(...Object.keys(BUILTIN_TRANSPORTS), ...Object.keys(BUILTIN_ALIASES));
const spelled = slug.chain((s) => fc.constantFrom(s, s.toUpperCase(), ` ${s} `, s[0]!.toUpperCase() + s.slice(1)));
const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/);
const contractData = fc.record({
  name: fc.string({ maxLength: 20 }),
  metadata: fc.record({ transport_type: spelled, author: fc.string({ maxLength: 10 }) }),
  handler_routing: fc.record({
    routing_strategy: fc.constant('operation_match'),
    handlers: fc.array(fc.record({ operation: fc.string({ maxLength: 10 }), handler_type: spelled }), { maxLength: 4 }),
  }),
  dependencies: fc.array(
    fc.oneof(
      fc.record({ name: fc.string({ maxLength: 8 }), type: fc.constant('environment'), env_var: envName, required: fc.boolean() }),
      fc.record({ name: fc.string({ maxLength: 8 }), type: fc.constant('environment'), env_var: envName }),
      fc.record({ name: fc.string({ maxLength: 8 }), type: fc.constant('service') }),
    ),
    { maxLength: 5 },
  ),
});

const planOf = (text: string) => {
  const extract = extractContract(text, 'c.yaml', map);
  expect(extract.problems).toEqual([]);
  return { transports: extract.transports, plan: buildPlan({ requirements: extract.requirements, service: 'svc' }) };
};

describe('well-formed contracts plan the same however they are formatted', () => {
  it('block style, flow style, yaml and js-yaml dumps, with comments and document markers', () => {
    fc.assert(
      fc.property(contractData, fc.integer({ min: 2, max: 8 }), (data, indent) => {
        const block = dump(data, { indent });
        const flow = dump(data, { flowLevel: 0 });
        const quoted = dump(data, { forceQuotes: true });
        const other = stringify(data, { indent, defaultStringType: 'QUOTE_SINGLE' });
        const decorated = `# a comment\n---\n${block.replace(/\n/g, ' # trailing\n').replace(/ # trailing\n$/, '\n')}...\n`;
        const expected = planOf(block);
        for (const variant of [flow, quoted, other]) expect(planOf(variant)).toEqual(expected);
        // A comment after a block scalar indicator would change the scalar, so only plain dumps get them.
        if (!/[|>]-?\s*#/.test(decorated)) {
          const decoratedResult = extractContract(decorated, 'c.yaml', map);
          if (decoratedResult.problems.length === 0) expect(planOf(decorated)).toEqual(expected);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
