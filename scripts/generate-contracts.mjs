#!/usr/bin/env node
// Writes realistic, valid ONEX-style contract files for tests and benchmarks.
//
//   node scripts/generate-contracts.mjs <outDir> <count> [--seed N]
//
// Files go to <outDir>/group_<i>/node_<j>/contract.yaml (100 nodes per group). Output is a pure
// function of (count, seed): a seeded PRNG, never Math.random. Every file parses as YAML 1.1, has a
// mapping root and uses only known transport spellings, so a scan of the tree reports no problems.
//
// The renderer (renderContract) and the PRNG are exported too; scripts/generate-fixture-tree.mjs
// builds the committed fixture tree with them.

import { mkdirSync, writeFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

// mulberry32: small, fast, good enough for fixture variety.
export function createRng(seed) {
  let state = Number(seed) >>> 0 || 0x9e3779b9;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1)); // inclusive
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  const sample = (list, n) => {
    const copy = [...list];
    const out = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
    return out;
  };
  return { next, int, pick, chance, sample };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

// Every spelling here resolves (trimmed, lower-cased) to a slug or a built-in alias.
export const TRANSPORT_SPELLINGS = {
  db: ['db', 'Database', ' postgres ', 'postgresql', 'POSTGRES', 'database', 'DB'],
  kafka: ['kafka', 'redpanda', 'Kafka', 'REDPANDA'],
  valkey: ['valkey', 'REDIS', 'redis', 'Valkey'],
  http: ['http', 'HTTP', ' http'],
  llm: ['llm', 'LLM'],
  grpc: ['grpc', 'gRPC', 'GRPC'],
  mcp: ['mcp', 'MCP'],
  filesystem: ['filesystem', 'repo_state', 'rrh_storage', 'FileSystem'],
  qdrant: ['qdrant', 'Qdrant'],
  graph: ['graph', 'memgraph', 'intent', 'Memgraph'],
  consul: ['consul', 'Consul'],
  infisical: ['secrets', 'secret', 'Secrets'],
  inmemory: ['inmemory', 'mock', 'InMemory', 'MOCK'],
  runtime: [
    'runtime',
    'toolchain',
    'architecture_validation',
    'auth_gate',
    'ledger_projection',
    'build_loop_projection',
    'validation_ledger_projection',
    'rrh_validate',
    'runtime_target',
  ],
  bridge: ['bridge', 'Bridge'],
};

// Per transport: words for node names, operations and the handler class.
const DOMAINS = {
  db: {
    nouns: ['postgres_writer', 'postgres_reader', 'ledger_store', 'registration_store', 'schema_migrator', 'outbox_relay'],
    ops: ['db.query', 'db.execute', 'db.upsert', 'db.migrate'],
    handler: 'HandlerPostgres',
    role: 'PostgreSQL persistence',
  },
  kafka: {
    nouns: ['kafka_replay', 'event_bus_publisher', 'topic_router', 'dlq_drain', 'consumer_lag_probe'],
    ops: ['kafka.publish', 'kafka.consume', 'kafka.replay'],
    handler: 'HandlerKafka',
    role: 'event bus access',
  },
  valkey: {
    nouns: ['cache_warmer', 'session_cache', 'rate_limiter', 'idempotency_store'],
    ops: ['cache.get', 'cache.set', 'cache.evict'],
    handler: 'HandlerValkey',
    role: 'cache access',
  },
  http: {
    nouns: ['webhook_dispatch', 'http_fetch', 'github_sync', 'linear_sync', 'status_page_probe'],
    ops: ['http.get', 'http.post', 'http.webhook'],
    handler: 'HandlerHttpRest',
    role: 'outbound HTTP',
  },
  llm: {
    nouns: ['llm_inference', 'llm_embedding', 'prompt_router', 'summary_writer', 'code_review'],
    ops: ['inference.chat', 'inference.completion', 'embedding.openai_compatible'],
    handler: 'HandlerLlmOpenaiCompatible',
    role: 'LLM inference',
  },
  grpc: { nouns: ['grpc_gateway', 'tree_service_client', 'stamping_client'], ops: ['grpc.unary', 'grpc.stream'], handler: 'HandlerGrpc', role: 'gRPC calls' },
  mcp: { nouns: ['mcp_tool_bridge', 'mcp_registry', 'tool_catalog'], ops: ['mcp.list_tools', 'mcp.call_tool'], handler: 'HandlerMcp', role: 'MCP tool calls' },
  filesystem: {
    nouns: ['repo_state_reader', 'artifact_writer', 'snapshot_archiver', 'rrh_storage'],
    ops: ['fs.read', 'fs.write', 'fs.list'],
    handler: 'HandlerFilesystem',
    role: 'filesystem access',
  },
  qdrant: {
    nouns: ['qdrant_search', 'qdrant_upsert', 'vector_index', 'pattern_recall'],
    ops: ['vector.search', 'vector.upsert', 'vector.delete'],
    handler: 'HandlerQdrant',
    role: 'vector search',
  },
  graph: {
    nouns: ['memgraph_projector', 'intent_graph', 'dependency_graph', 'lineage_tracker'],
    ops: ['graph.query', 'graph.merge'],
    handler: 'HandlerGraph',
    role: 'graph storage',
  },
  consul: {
    nouns: ['consul_registration', 'service_discovery', 'health_watcher'],
    ops: ['consul.register', 'consul.deregister', 'consul.kv_get'],
    handler: 'HandlerConsul',
    role: 'service discovery',
  },
  infisical: { nouns: ['secret_rotation', 'secret_audit'], ops: ['secrets.read', 'secrets.rotate'], handler: 'HandlerInfisical', role: 'secret management' },
  inmemory: {
    nouns: ['inmemory_store', 'mock_clock', 'test_harness'],
    ops: ['memory.get', 'memory.put'],
    handler: 'HandlerInmemory',
    role: 'in-memory test double',
  },
  runtime: {
    nouns: ['architecture_validator', 'auth_gate', 'build_loop', 'toolchain_probe', 'ledger_projection'],
    ops: ['runtime.validate', 'runtime.project', 'runtime.check'],
    handler: 'HandlerRuntime',
    role: 'runtime orchestration',
  },
  bridge: { nouns: ['bridge_forwarder', 'legacy_bridge'], ops: ['bridge.forward'], handler: 'HandlerBridge', role: 'bridging to the legacy runtime' },
};

export const NODE_KINDS = [
  { suffix: 'effect', type: 'EFFECT_GENERIC' },
  { suffix: 'compute', type: 'COMPUTE_GENERIC' },
  { suffix: 'reducer', type: 'REDUCER_GENERIC' },
  { suffix: 'orchestrator', type: 'ORCHESTRATOR_GENERIC' },
];

// Environment dependencies seen in real deployments; a few repeat on purpose.
// Grouped by what they are, a group a line (not one name a line).
// prettier-ignore
export const ENV_VAR_POOL = [
  'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'SLACK_WEBHOOK_URL', 'GITHUB_TOKEN', 'LINEAR_API_KEY', 'SENTRY_DSN',
  'PAGERDUTY_ROUTING_KEY', 'DATADOG_API_KEY', 'HF_TOKEN', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'LOG_LEVEL',
  'WEBHOOK_SIGNING_SECRET', 'DISCORD_WEBHOOK_URL', 'COHERE_API_KEY', 'AWS_REGION', 'S3_ARTIFACT_BUCKET',
];

const AUTHORS = ['OmniNode Team', 'OmniNode Infra', 'ONEX Platform Team'];

// ---------------------------------------------------------------------------------------------
// Rendering

const q = (s) => JSON.stringify(String(s)); // a JSON string is a valid double-quoted YAML scalar
const pascal = (snake) =>
  snake
    .split('_')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
const kebab = (snake) => snake.replace(/_/g, '-');

// spec:
//   name, nodeType, title, summary, version [maj, min, pat], module (python package root),
//   transportType: raw string | null          -> metadata.transport_type (omitted when null)
//   handlers: [{ operation, handlerType: raw string | null, handlerClass }]
//   envDeps: [{ name, envVar, required: true | false | 'yes' | 'no' | 'on' | 'off' | 'null' | undefined, description }]
//   serviceDeps: [{ name, type: 'protocol' | 'service', ref }]
//   tags, author, routingStrategy, retries, delayMs, timeoutMs, circuitBreaker, consumedTopics, publishedTopics
export function renderContract(spec) {
  const L = [];
  const [maj, min, pat] = spec.version ?? [1, 0, 0];
  const pkg = spec.module ?? `omnibase_infra.nodes.${spec.name}`;
  const modelBase = pascal(spec.name.replace(/^node_/, '').replace(/_(effect|compute|reducer|orchestrator)$/, ''));
  L.push(`# ONEX Node Contract - ${spec.title}`);
  L.push(`# ${spec.summary}`);
  L.push('contract_version:', `  major: ${maj}`, `  minor: ${min}`, `  patch: ${pat}`);
  L.push(`node_version: ${q(`${maj}.${min}.${pat}`)}`);
  L.push(`name: ${q(spec.name)}`);
  L.push(`node_type: ${q(spec.nodeType)}`);
  L.push('description: >');
  for (const line of wrap(spec.description ?? `${spec.title}. ${spec.summary}`, 88)) L.push(`  ${line}`);
  L.push('');
  L.push('input_model:', `  name: ${q(`Model${modelBase}Request`)}`, `  module: ${q(`${pkg}.models`)}`);
  L.push('output_model:', `  name: ${q(`Model${modelBase}Result`)}`, `  module: ${q(`${pkg}.models`)}`);
  L.push('');
  L.push('capabilities:');
  for (const h of spec.handlers.length > 0 ? spec.handlers : [{ operation: `${spec.name.replace(/^node_/, '')}.run` }]) {
    L.push(`  - name: ${q(h.operation)}`);
    L.push(`    description: ${q(`Performs ${h.operation.replace('.', ' ')} for ${spec.title.toLowerCase()}`)}`);
  }
  L.push('');
  if (spec.handlers.length > 0) {
    L.push('io_operations:');
    for (const h of spec.handlers) {
      L.push(`  - operation: ${q(h.operation)}`);
      L.push(`    input_fields: [correlation_id, ${h.operation.split('.')[1] ?? 'payload'}_request]`);
      L.push(`    output_fields: [correlation_id, status, ${h.operation.split('.')[0]}_result]`);
    }
    L.push('');
  }
  const consumed = spec.consumedTopics ?? [];
  if (consumed.length > 0) {
    L.push('consumed_events:');
    for (const t of consumed) {
      L.push(`  - topic: ${q(`onex.cmd.omnibase-infra.${t}.v1`)}`);
      L.push(`    event_type: ${q(`${pascal(t.replace(/-/g, '_'))}Command`)}`);
    }
    L.push('');
  }
  const published = spec.publishedTopics ?? [];
  if (published.length > 0) {
    L.push('published_events:');
    for (const t of published) {
      L.push(`  - topic: ${q(`onex.evt.omnibase-infra.${t}.v1`)}`);
      L.push(`    event_type: ${q(`${pascal(t.replace(/-/g, '_'))}Event`)}`);
    }
    L.push('');
  }
  if (spec.handlers.length > 0) {
    L.push('handler_routing:');
    L.push(`  routing_strategy: ${q(spec.routingStrategy ?? 'operation_match')}`);
    L.push('  handlers:');
    for (const h of spec.handlers) {
      L.push(`    - operation: ${q(h.operation)}`);
      if (h.handlerType !== null && h.handlerType !== undefined) L.push(`      handler_type: ${q(h.handlerType)}`);
      L.push('      handler:');
      L.push(`        name: ${q(h.handlerClass)}`);
      L.push(`        module: ${q(`${pkg}.handlers.${snake(h.handlerClass)}`)}`);
    }
    L.push('');
  }
  L.push('error_handling:');
  L.push('  retry_policy:');
  L.push(`    max_retries: ${spec.retries ?? 3}`);
  L.push(`    initial_delay_ms: ${spec.delayMs ?? 100}`);
  L.push('    backoff_multiplier: 2.0');
  L.push(`    retryable_errors: ["TimeoutError", "ConnectionError"]`);
  if (spec.circuitBreaker) {
    L.push('  circuit_breaker:');
    L.push('    enabled: true');
    L.push(`    failure_threshold: ${spec.circuitBreaker}`);
    L.push('    reset_timeout_ms: 30000');
  }
  L.push('');
  L.push('health_check:');
  L.push('  enabled: true');
  L.push(`  endpoint: "/health"`);
  L.push(`  timeout_ms: ${spec.timeoutMs ?? 5000}`);
  L.push('');
  const envDeps = spec.envDeps ?? [];
  const serviceDeps = spec.serviceDeps ?? [];
  if (envDeps.length + serviceDeps.length > 0) {
    L.push('dependencies:');
    // Interleave: protocol/service dependencies first, like hand-written contracts usually do.
    for (const d of serviceDeps) {
      L.push(`  - name: ${q(d.name)}`);
      L.push(`    type: ${d.type}`);
      L.push(`    ${d.type === 'protocol' ? 'protocol' : 'service'}: ${q(d.ref)}`);
    }
    for (const d of envDeps) {
      L.push(`  - name: ${q(d.name ?? d.envVar.toLowerCase())}`);
      L.push('    type: environment');
      L.push(`    env_var: ${q(d.envVar)}`);
      if (d.required !== undefined) L.push(`    required: ${d.required === 'null' ? 'null' : String(d.required)}`);
      if (d.description) L.push(`    description: ${q(d.description)}`);
    }
    L.push('');
  }
  L.push('metadata:');
  L.push(`  description: ${q(spec.summary)}`);
  if (spec.transportType !== null && spec.transportType !== undefined) L.push(`  transport_type: ${q(spec.transportType)}`);
  L.push(`  author: ${q(spec.author ?? AUTHORS[0])}`);
  L.push(`  created: ${q(spec.created ?? '2025-01-15')}`);
  L.push(`  tags: [${(spec.tags ?? []).join(', ')}]`);
  return L.join('\n') + '\n';
}

const snake = (pascalName) => pascalName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Random valid specs

const TRANSPORT_SLUGS = Object.keys(TRANSPORT_SPELLINGS);
const REQUIRED_STYLES = [undefined, undefined, undefined, true, true, false, 'no', 'off', 'yes'];

// One realistic, valid contract spec; `index` keeps names unique within a run.
// The operational fields every generated contract carries (routing, retries, timeouts, authorship).
// Shared with generate-fixture-tree.mjs; the order of the rng calls is part of the fixtures' content.
export function randomOperations(rng, breakerChance) {
  return {
    routingStrategy: rng.pick(['operation_match', 'operation_match', 'first_match']),
    retries: rng.int(0, 5),
    delayMs: rng.pick([50, 100, 250, 500]),
    timeoutMs: rng.pick([1000, 2000, 5000, 10000]),
    circuitBreaker: rng.chance(breakerChance) ? rng.int(3, 10) : 0,
    author: rng.pick(AUTHORS),
    created: `2025-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
  };
}

export function randomSpec(rng, index) {
  const primary = rng.pick(TRANSPORT_SLUGS);
  const domain = DOMAINS[primary];
  const kind = rng.pick(NODE_KINDS);
  const noun = rng.pick(domain.nouns);
  const name = `node_${noun}_${kind.suffix}`;
  const title = `${pascal(noun).replace(/([a-z])([A-Z])/g, '$1 $2')} ${pascal(kind.suffix)} Node`;
  const handlerCount = rng.int(1, 3);
  const handlers = [];
  for (let i = 0; i < handlerCount; i++) {
    const slug = i === 0 ? primary : rng.chance(0.7) ? primary : rng.pick(TRANSPORT_SLUGS);
    const d = DOMAINS[slug];
    const op = rng.pick(d.ops);
    handlers.push({
      operation: handlers.some((h) => h.operation === op) ? `${op}_${i}` : op,
      handlerType: rng.chance(0.85) ? rng.pick(TRANSPORT_SPELLINGS[slug]) : null,
      handlerClass: `${d.handler}${pascal(op.split('.')[1] ?? 'run')}`,
    });
  }
  const envDeps = rng.sample(ENV_VAR_POOL, rng.pick([0, 0, 1, 1, 2, 3])).map((envVar) => ({
    envVar,
    required: rng.pick(REQUIRED_STYLES),
    description: rng.chance(0.5) ? `${envVar} for ${domain.role}` : undefined,
  }));
  const serviceDeps = rng.chance(0.6) ? [{ name: `${primary}_client`, type: rng.pick(['protocol', 'service']), ref: `Protocol${pascal(primary)}Client` }] : [];
  const topic = kebab(noun);
  return {
    name,
    nodeType: kind.type,
    title,
    summary: `${pascal(kind.suffix)} node for ${domain.role} (${noun.replace(/_/g, ' ')}), instance ${index}.`,
    description:
      `${title} handles ${domain.role} for the ONEX runtime. It validates the incoming request model, ` +
      `executes the routed operation with retries and circuit breaking, and emits a completion event ` +
      `carrying the correlation id so downstream reducers can project the outcome.`,
    version: [1, rng.int(0, 4), rng.int(0, 9)],
    transportType: rng.chance(0.8) ? rng.pick(TRANSPORT_SPELLINGS[primary]) : null,
    handlers,
    envDeps,
    serviceDeps,
    consumedTopics: [`${topic}-request`],
    publishedTopics: rng.chance(0.7) ? [`${topic}-completed`, `${topic}-failed`] : [`${topic}-completed`],
    ...randomOperations(rng, 0.6),
    tags: [kind.suffix, primary, ...(rng.chance(0.3) ? ['experimental'] : [])],
  };
}

// ---------------------------------------------------------------------------------------------
// Generator

export const NODES_PER_GROUP = 100;

// Writes `count` valid contracts under outDir; returns the absolute paths written, in order.
// Existing files at the same paths are overwritten; nothing else in outDir is touched.
export async function generateContracts(outDir, count, seed = 1) {
  const n = Number(count);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`count must be a non-negative integer, got ${count}`);
  const root = resolve(String(outDir));
  const rng = createRng(seed);
  const files = [];
  for (let i = 0; i < n; i++) {
    const dir = join(root, `group_${Math.floor(i / NODES_PER_GROUP)}`, `node_${i % NODES_PER_GROUP}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'contract.yaml');
    writeFileSync(file, renderContract(randomSpec(rng, i)));
    files.push(file);
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// CLI

const isMain = (() => {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  const args = process.argv.slice(2);
  let seed = 1;
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--seed') seed = Number(args[++i]);
    else if (args[i].startsWith('--seed=')) seed = Number(args[i].slice('--seed='.length));
    else positional.push(args[i]);
  }
  const [outDir, count] = positional;
  if (!outDir || count === undefined || !/^\d+$/.test(count) || !Number.isFinite(seed)) {
    process.stderr.write('usage: node scripts/generate-contracts.mjs <outDir> <count> [--seed N]\n');
    process.exit(2);
  }
  const started = performance.now();
  const files = await generateContracts(outDir, Number(count), seed);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`wrote ${files.length} contract files to ${resolve(outDir)} in ${ms} ms (seed ${seed})\n`);
}
