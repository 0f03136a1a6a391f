// Hostile key names (issue 14): names that are also Object.prototype's, escape sequences, line breaks,
// Unicode controls. Whatever the name, a key reported as injected is in the child's environment, and
// nothing printed holds a raw control character.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractContract } from '../../src/contracts/extract-contract.js';
import { buildTransportMap } from '../../src/contracts/transport-map.js';
import { mergeEnv } from '../../src/merge/merge-env.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { renderPlanJson, renderPlanTable, type PlanReport } from '../../src/plan/render-plan.js';
import { nameTable, RESERVED_NAMES } from '../../src/settings/name-table.js';
import { escapeControls } from '../../src/util/printable.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const hostileName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'PATH'),
  fc.string({
    unit: fc.constantFrom(
      'A',
      '_',
      'z',
      '\u001b',
      '[',
      ']',
      '0',
      ';',
      'm',
      '\u0007',
      '\n',
      '\r',
      '\t',
      '\u009b',
      '\u202e',
      '\u2028',
      'é',
      '=',
      '\u0000',
      ' ',
      'secrets-run: ',
    ),
    minLength: 1,
    maxLength: 24,
  }),
);

describe('hostile key names', () => {
  it('from a contract: a problem, or a planned key that reaches the child whenever it is reported injected', () => {
    const map = buildTransportMap();
    fc.assert(
      fc.property(hostileName, (name) => {
        const text = `dependencies:\n  - {type: environment, env_var: ${JSON.stringify(name)}}\n`;
        const extract = extractContract(text, 'c.yaml', map);
        for (const p of extract.problems) expect(escapeControls(p.message)).not.toMatch(RAW);
        const plan = buildPlan({ requirements: extract.requirements, service: '' });
        const fetched = new Map(plan.map((k) => [k.key, { value: 'v', folder: k.folders[0]! }] as const));
        const merged = mergeEnv({ inherited: {}, envFiles: new Map(), fetched, plan, override: false, scrubBootstrap: false });
        for (const k of merged.keys) {
          expect(k.resolution).toBe('infisical');
          expect(Object.prototype.hasOwnProperty.call(merged.env, k.key) && merged.env[k.key]).toBe('v');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('printed in the plan: no raw control character, and the JSON reads back the same', () => {
    fc.assert(
      fc.property(fc.array(hostileName, { minLength: 1, maxLength: 5 }), (names) => {
        const report: PlanReport = {
          environment: 'prod',
          service: null,
          contracts: names.map((n) => `${n}/c.yaml`),
          transports: [],
          problems: names.map((n) => ({ kind: 'contract' as const, file: 'c.yaml', message: n })),
          keys: names.map((key) => ({
            key,
            transport: 'env',
            required: true,
            folders: ['/shared/env/'],
            sources: [{ contract: 'c.yaml', field: 'f' }],
            resolution: 'missing' as const,
            folder: null,
          })),
        };
        expect(renderPlanTable(report).replace(/\n/g, '')).not.toMatch(RAW);
        const json = renderPlanJson(report);
        expect(json.replace(/\n/g, '')).not.toMatch(RAW);
        expect(JSON.parse(json)).toEqual(report);
      }),
      { numRuns: RUNS },
    );
  });

  it('as a transport or alias name: refused when reserved, else an entry of a table without prototype', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostileName, fc.string()), { maxLength: 5 }), (pairs) => {
        const fail = (message: string): Error => new Error(message);
        const reserved = pairs.find(([n]) => RESERVED_NAMES.includes(n.trim().toLowerCase()));
        if (reserved !== undefined) {
          expect(() => nameTable(pairs, 'transport', 'origin', fail)).toThrow('cannot name a transport');
          return;
        }
        const table = nameTable(pairs, 'transport', 'origin', fail);
        expect(Object.getPrototypeOf(table)).toBeNull();
        for (const [name] of pairs) expect(Object.prototype.hasOwnProperty.call(table, name)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
