// parseContractYaml constructs only the root entries the extractor reads, when that is safe. It must
// be indistinguishable from parsing everything (parseYaml11) in all the extractor can see: whether the
// file parses, the problem's message and line, a non-mapping root, and those entries' values.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CONTRACT_ENTRIES, parseContractYaml, parseYaml11 } from '../../src/contracts/parse-yaml.js';
import { isMapping } from '../../src/contracts/python-values.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const sameAsFull = (text: string): void => {
  const full = parseYaml11(text);
  const part = parseContractYaml(text);
  if (!full.ok || !isMapping(full.data)) {
    expect(part).toEqual(full);
    return;
  }
  expect(part.ok).toBe(true);
  const data = (part as { data: unknown }).data;
  expect(isMapping(data)).toBe(true);
  for (const key of CONTRACT_ENTRIES) {
    expect(Object.prototype.hasOwnProperty.call(data, key)).toBe(Object.prototype.hasOwnProperty.call(full.data, key));
    expect((data as Record<string, unknown>)[key]).toEqual(full.data[key]);
  }
};

// Token soup around the entries that matter, with every construct that makes the shortcut unsafe:
// anchors, aliases, tags, merge keys, complex keys, several documents.
const yamlish = fc.string({
  unit: fc.constantFrom(
    'a', ':', ' ', '  ', '\n', '- ', '[', ']', '{', '}', ',', '&x ', '*x', '!!str ', '!!map ', '!t ', '"', "'", '#', '|', '>', '? ', '\t',
    '<<', '---', '...', 'metadata', 'handler_routing', 'handlers', 'handler_type', 'transport_type', 'dependencies', 'type', 'environment',
    'env_var', 'required', 'db', 'yes', '~', '0', '2023-13-45', '"metadata"', "'dependencies'", 'meta\\x64ata',
  ),
  maxLength: 120,
});

// Whole contracts with extra entries, then one line changed into something the shortcut must refuse.
const entry = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null));
const contract = fc.record({
  name: fc.string({ maxLength: 8 }),
  description: entry,
  metadata: fc.oneof(fc.record({ transport_type: fc.constantFrom('db', 'kafka', 'http', 'nope'), author: entry }), entry),
  io_operations: entry,
  handler_routing: fc.oneof(fc.record({ handlers: fc.array(fc.record({ handler_type: fc.constantFrom('db', 'mcp', 'x'), handler: entry }), { maxLength: 3 }) }), entry),
  dependencies: fc.oneof(fc.array(fc.record({ type: fc.constantFrom('environment', 'service'), env_var: fc.constantFrom('A_KEY', 'lower', ''), required: entry }), { maxLength: 3 }), entry),
});
const twist = fc.constantFrom(
  (t: string) => t,
  (t: string) => t.replace(/^metadata:/m, 'metadata: &m').replace(/^name:/m, 'name2: *m\nname:'),
  (t: string) => `base: &b\n  transport_type: grpc\n${t.replace(/^metadata:/m, 'metadata:\n  <<: *b\nmetadata_old:')}`,
  (t: string) => `name0: &n db\n${t.replace(/^metadata:.*$/m, 'metadata: {transport_type: *n}')}`,
  (t: string) => `extra: *nowhere\n${t}`,
  (t: string) => `extra: {<<: 5}\n${t}`,
  (t: string) => `extra: {<<: {a: 1}}\n${t}`,
  (t: string) => t.replace(/^description:/m, 'description: !!binary'),
  (t: string) => t.replace(/^io_operations:/m, '? [complex, key]\n: 1\nio_operations:'),
  (t: string) => `${t}---\nmetadata: {transport_type: db}\n`,
  (t: string) => t.replace(/^name:/m, '"dependencies": []\nname:'),
  (t: string) => `${t}metadata: {transport_type: kafka}\n`,
);

describe('parseContractYaml gives the extractor what parseYaml11 gives it', () => {
  it('YAML-shaped noise', () => {
    fc.assert(fc.property(yamlish, sameAsFull), { numRuns: RUNS * 3 });
  });

  it('whole contracts with extra entries, anchors, aliases, merges, tags, complex keys, repeated keys, two documents', () => {
    fc.assert(
      fc.property(contract, twist, fc.boolean(), (data, change, flow) => sameAsFull(change(dump(data, { flowLevel: flow ? 1 : -1, skipInvalid: true })))),
      { numRuns: RUNS * 2 },
    );
  });

  it('every contract in fixtures/', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.yaml')) files.push(path);
      }
    };
    walk(new URL('../../fixtures/contracts', import.meta.url).pathname);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) sameAsFull(readFileSync(file, 'utf8'));
  });
});
