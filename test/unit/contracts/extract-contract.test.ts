import { describe, expect, it } from 'vitest';
import { extractContract } from '../../../src/contracts/extract-contract.js';
import { buildTransportMap } from '../../../src/contracts/transport-map.js';

const map = buildTransportMap();
const extract = (text: string) => extractContract(text, 'c.yaml', map);
const keysOf = (text: string) => extract(text).requirements.map((r) => r.key);

describe('extraction: the three fields', () => {
  it('reads metadata.transport_type', () => {
    const r = extract('metadata:\n  transport_type: grpc\n');
    expect(r.transports).toEqual(['grpc']);
    expect(r.requirements).toEqual([
      { key: 'GRPC_HOST', transport: 'grpc', required: true, contract: 'c.yaml', field: 'metadata.transport_type' },
      { key: 'GRPC_PORT', transport: 'grpc', required: true, contract: 'c.yaml', field: 'metadata.transport_type' },
      { key: 'GRPC_TLS_ENABLED', transport: 'grpc', required: true, contract: 'c.yaml', field: 'metadata.transport_type' },
    ]);
    expect(r.problems).toEqual([]);
  });

  it('reads handler_routing.handlers[].handler_type with its index', () => {
    const r = extract('handler_routing:\n  handlers:\n    - handler_type: mcp\n    - name: no-type\n    - not-a-mapping\n    - handler_type: filesystem\n');
    expect(r.transports).toEqual(['mcp', 'filesystem']);
    expect(r.requirements.map((x) => [x.key, x.field])).toEqual([
      ['MCP_SERVER_HOST', 'handler_routing.handlers[0].handler_type'],
      ['MCP_SERVER_PORT', 'handler_routing.handlers[0].handler_type'],
      ['FS_BASE_PATH', 'handler_routing.handlers[3].handler_type'],
    ]);
  });

  it('reads environment dependencies; required defaults to true', () => {
    const r = extract(
      [
        'dependencies:',
        '  - {type: environment, env_var: A}',
        '  - {type: environment, env_var: B, required: false}',
        '  - {type: service, env_var: C}',
        '  - {type: Environment, env_var: D}', // exact match only, as upstream
        '  - {type: environment}',
        '  - {type: environment, env_var: E, required: true}',
      ].join('\n'),
    );
    expect(r.requirements.map((x) => [x.key, x.transport, x.required, x.field])).toEqual([
      ['A', 'env', true, 'dependencies[0]'],
      ['B', 'env', false, 'dependencies[1]'],
      ['E', 'env', true, 'dependencies[5]'],
    ]);
    expect(r.transports).toEqual([]);
  });

  it('treats YAML 1.1 booleans as booleans (required: no / off / yes)', () => {
    const r = extract(
      'dependencies:\n  - {type: environment, env_var: A, required: no}\n  - {type: environment, env_var: B, required: off}\n' +
        '  - {type: environment, env_var: C, required: yes}\n  - {type: environment, env_var: D, required: "no"}\n' +
        '  - {type: environment, env_var: E, required: ~}\n  - {type: environment, env_var: F, required: 0}\n',
    );
    // "no" quoted is a non-empty string (true in Python); null and 0 are false, as bool() says.
    expect(r.requirements.map((x) => [x.key, x.required])).toEqual([
      ['A', false],
      ['B', false],
      ['C', true],
      ['D', true],
      ['E', false],
      ['F', false],
    ]);
  });
});

describe('extraction: transport matching', () => {
  it('trims and lower-cases, then matches slugs, then aliases', () => {
    const r = extract('metadata:\n  transport_type: "  PostgreSQL "\nhandler_routing:\n  handlers:\n    - handler_type: REDIS\n    - handler_type: Kafka\n');
    expect(r.transports).toEqual(['db', 'valkey', 'kafka']);
  });

  it.each([
    ['database', 'db'],
    ['postgres', 'db'],
    ['postgresql', 'db'],
    ['redis', 'valkey'],
    ['redpanda', 'kafka'],
    ['secret', 'infisical'],
    ['secrets', 'infisical'],
    ['memgraph', 'graph'],
    ['intent', 'graph'],
    ['repo_state', 'filesystem'],
    ['rrh_storage', 'filesystem'],
    ['architecture_validation', 'runtime'],
    ['auth_gate', 'runtime'],
    ['ledger_projection', 'runtime'],
    ['build_loop_projection', 'runtime'],
    ['validation_ledger_projection', 'runtime'],
    ['rrh_validate', 'runtime'],
    ['runtime_target', 'runtime'],
    ['toolchain', 'runtime'],
    ['mock', 'inmemory'],
  ])('alias %s → %s', (alias, slug) => {
    expect(extract(`metadata: {transport_type: ${alias}}`).transports).toEqual([slug]);
  });

  it('lists keyless transports and infisical, but yields no keys for them', () => {
    const r = extract(
      'metadata: {transport_type: secrets}\nhandler_routing:\n  handlers:\n    - {handler_type: runtime}\n    - {handler_type: bridge}\n    - {handler_type: mock}\n',
    );
    expect(r.transports).toEqual(['infisical', 'runtime', 'bridge', 'inmemory']);
    expect(r.requirements).toEqual([]);
  });

  it('reports an unknown transport with its line, and keeps going', () => {
    const r = extract('name: x\nhandler_routing:\n  handlers:\n    - handler_type: db\n    - handler_type: foo\nmetadata:\n  transport_type: carrier_pigeon\n');
    expect(r.problems).toEqual([
      { file: 'c.yaml', line: 7, message: "unknown transport_type 'carrier_pigeon' (metadata.transport_type)" },
      { file: 'c.yaml', line: 5, message: "unknown handler_type 'foo' (handler_routing.handlers[1].handler_type)" },
    ]);
    expect(r.transports).toEqual(['db']);
  });

  it('skips empty and false transport strings, as upstream does', () => {
    expect(extract('metadata: {transport_type: ""}\nhandler_routing: {handlers: [{handler_type: null}, {handler_type: no}]}').problems).toEqual([]);
  });

  it('stringifies non-string transports the Python way', () => {
    expect(extract('metadata: {transport_type: yes}').problems[0]?.message).toBe("unknown transport_type 'True' (metadata.transport_type)");
    expect(extract('metadata: {transport_type: 42}').problems[0]?.message).toBe("unknown transport_type '42' (metadata.transport_type)");
  });
});

describe('extraction: file-level problems', () => {
  it('an empty file is valid and yields nothing', () => {
    expect(extract('')).toEqual({ requirements: [], transports: [], problems: [] });
    expect(extract('# only a comment\n')).toEqual({ requirements: [], transports: [], problems: [] });
  });

  it('a non-mapping root is a problem', () => {
    expect(extract('- a\n- b\n').problems).toEqual([{ file: 'c.yaml', line: 1, message: 'non-mapping YAML root (got list)' }]);
    expect(extract('just a string\n').problems[0]?.message).toBe('non-mapping YAML root (got str)');
  });

  it('invalid YAML is a problem with its line', () => {
    const r = extract('name: x\nmetadata:\n  transport_type: db\n  bad: [unclosed\nother: 1\n');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.line).toBeGreaterThanOrEqual(4);
    expect(r.problems[0]!.message).toMatch(/^invalid YAML: /);
    expect(r.requirements).toEqual([]);
  });

  it('a tab-indented mapping is reported, not thrown', () => {
    expect(extract('metadata:\n\ttransport_type: db\n').problems[0]?.message).toMatch(/^invalid YAML/);
  });

  it('a repeated key keeps the last value, like PyYAML', () => {
    expect(extract('metadata: {transport_type: db}\nmetadata: {transport_type: kafka}\n').transports).toEqual(['kafka']);
  });

  it('supports merge keys (YAML 1.1)', () => {
    const text = 'base: &b {transport_type: qdrant}\nmetadata:\n  <<: *b\n';
    expect(extract(text).transports).toEqual(['qdrant']);
  });

  it('an alias bomb costs nothing: aliases are shared, never copied', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill('*' + String.fromCharCode(97 + i))
          .join(',')}]`,
      );
    lines.push('metadata: {transport_type: db}');
    const r = extract(lines.join('\n'));
    expect(r.problems).toEqual([]);
    expect(r.transports).toEqual(['db']);
  });

  it('too many aliases in one file is a problem', () => {
    const r = extract(`a: &a x\nb: [${Array(10_001).fill('*a').join(',')}]\n`);
    expect(r.problems[0]?.message).toMatch(/^invalid YAML: aliases exceeded/);
  });

  it('too deep a nesting is a problem, not a crash', () => {
    expect(extract('a: ' + '['.repeat(5000) + ']'.repeat(5000)).problems[0]?.message).toMatch(/^invalid YAML/);
  });

  it('several documents in one file are a problem, as with safe_load', () => {
    expect(extract('a: 1\n---\nb: 2\n').problems).toEqual([
      { file: 'c.yaml', line: 2, message: 'invalid YAML: expected a single document in the stream, but found more' },
    ]);
  });

  it('y and n are strings, as PyYAML reads them (js-yaml alone would make them booleans)', () => {
    const r = extract('dependencies:\n  - {type: environment, env_var: A, required: n}\n  - {type: environment, env_var: B, required: N}\n');
    expect(r.requirements.map((x) => x.required)).toEqual([true, true]);
  });

  it('an env_var that cannot be a variable name is a problem', () => {
    const r = extract('dependencies:\n  - type: environment\n    env_var: "A=B"\n');
    expect(r.problems).toEqual([{ file: 'c.yaml', line: 3, message: "env_var 'A=B' is not a usable environment variable name (dependencies[0])" }]);
  });

  it('the same key from several fields stays a requirement per field', () => {
    expect(keysOf('metadata: {transport_type: http}\nhandler_routing: {handlers: [{handler_type: http}]}')).toEqual([
      'HTTP_BASE_URL',
      'HTTP_TIMEOUT_MS',
      'HTTP_MAX_RETRIES',
      'HTTP_BASE_URL',
      'HTTP_TIMEOUT_MS',
      'HTTP_MAX_RETRIES',
    ]);
  });
});

describe('extraction with a configured transport map', () => {
  it('config can replace a slug, add a slug and add an alias', () => {
    const custom = buildTransportMap({ transports: { db: ['POSTGRES_DSN'], search: ['SEARCH_URL'] }, aliases: { timescale: 'db', elastic: 'search' } });
    const r = extractContract('metadata: {transport_type: TimeScale}\nhandler_routing: {handlers: [{handler_type: elastic}]}', 'c.yaml', custom);
    expect(r.transports).toEqual(['db', 'search']);
    expect(r.requirements.map((x) => x.key)).toEqual(['POSTGRES_DSN', 'SEARCH_URL']);
  });
});

describe('extraction: problem lines', () => {
  // Correctness only; that the lines are found in one pass is bench/problem-lines.mjs's to show.
  it('gives each of many problems its own line, a key "0" apart from an index 0', () => {
    const handlers = Array.from({ length: 500 }, (_, i) => `    - {name: h${i}, handler_type: bad_${i}}\n`).join('');
    const r = extract(`metadata:\n  '0': x\nhandler_routing:\n  handlers:\n${handlers}dependencies:\n  - {type: environment, env_var: "A=B"}\n`);
    expect(r.problems).toHaveLength(501);
    r.problems.slice(0, 500).forEach((p, i) => expect(p.line).toBe(5 + i));
    expect(r.problems[500]).toMatchObject({ line: 506, message: expect.stringContaining("env_var 'A=B'") });
  });

  it('reports the last of a repeated key, and no line through an alias', () => {
    const r = extract('metadata: {transport_type: x}\nmetadata:\n  transport_type: pigeon\n');
    expect(r.problems).toEqual([{ file: 'c.yaml', line: 3, message: "unknown transport_type 'pigeon' (metadata.transport_type)" }]);
    const aliased = extract('base: &b {handler_type: pigeon}\nhandler_routing:\n  handlers: [*b]\n');
    expect(aliased.problems).toEqual([{ file: 'c.yaml', message: "unknown handler_type 'pigeon' (handler_routing.handlers[0].handler_type)" }]);
  });
});
