#!/usr/bin/env node
// Regenerates fixtures/contracts/onex/: a realistic ONEX-style repository tree of contract files.
//
//   node scripts/generate-fixture-tree.mjs
//
// Deterministic: the table below fixes every transport spelling and environment dependency, and a
// seeded PRNG (never Math.random) fills in the rest (versions, retries, topics, authors...). The
// output directory is removed and written anew, together with its README.md. The tree has no
// contract problems; a few non-contract YAML files (and a contract inside node_modules/) are there
// to check that discovery leaves them alone.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, randomOperations, renderContract, TRANSPORT_SPELLINGS } from './generate-contracts.mjs';

const SEED = 20250115;
const here = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(here, '..', 'fixtures', 'contracts', 'onex');
const NODES = 'src/omnibase_infra/nodes';

// [path under the tree, metadata.transport_type (null: absent), handler_type per handler (null: no
//  handler_type key), environment dependencies]. A dependency is 'NAME' (no `required` key) or
// 'NAME=value' with value written as-is after `required:` (true, false, yes, no, on, off).
// A path without a slash after NODES/<node> means NODES/<node>/contract.yaml.
// Grouped by what they are, a group a line (not one name a line).
// prettier-ignore
const TABLE = [
  // --- plain nodes: src/omnibase_infra/nodes/<node>/contract.yaml --------------------------------
  ['node_postgres_writer_effect', 'db', ['db', 'db'], ['SENTRY_DSN']],
  ['node_postgres_reader_effect', 'Database', ['postgres'], []],
  ['node_ledger_store_effect', ' postgres ', ['postgresql', null], []],
  ['node_registration_store_effect', 'postgresql', ['db'], []],
  ['node_schema_migrator_compute', 'POSTGRES', ['DB'], []],
  ['node_outbox_relay_effect', 'database', ['database', 'kafka'], ['SENTRY_DSN=true']],
  ['node_kafka_replay_compute', 'kafka', ['kafka'], []],
  ['node_event_bus_publisher_effect', 'redpanda', ['redpanda', 'Kafka'], []],
  ['node_topic_router_orchestrator', null, ['kafka', 'REDPANDA'], []],
  ['node_dlq_drain_effect', 'Kafka', ['kafka'], ['SLACK_WEBHOOK_URL=no']],
  ['node_consumer_lag_probe_compute', 'REDPANDA', [null], ['DATADOG_API_KEY']],
  ['node_cache_warmer_effect', 'valkey', ['valkey'], []],
  ['node_session_cache_effect', 'REDIS', ['redis'], []],
  ['node_rate_limiter_compute', 'redis', ['REDIS'], []],
  ['node_idempotency_store_effect', 'Valkey', ['valkey', 'db'], []],
  ['node_webhook_dispatch_effect', 'http', ['http'], ['SLACK_WEBHOOK_URL', 'DISCORD_WEBHOOK_URL=false', 'WEBHOOK_SIGNING_SECRET=true']],
  ['node_github_sync_effect', 'HTTP', ['http'], ['GITHUB_TOKEN']],
  ['node_linear_sync_effect', 'http', ['http', 'HTTP'], ['LINEAR_API_KEY', 'LINEAR_TEAM_ID=no']],
  ['node_status_page_probe_compute', ' http', ['http'], []],
  ['node_llm_inference_effect', 'llm', ['llm', 'llm'], ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY=false']],
  ['node_llm_embedding_effect', 'llm', ['llm'], ['LLM_EMBEDDING_API_KEY=true', 'OPENAI_API_KEY=no']],
  ['node_prompt_router_compute', 'LLM', ['LLM', null], []],
  ['node_summary_writer_effect', 'llm', ['llm', 'db'], ['OPENAI_API_KEY=true']],
  ['node_code_review_orchestrator', null, ['llm', 'http'], ['GITHUB_TOKEN=true']],
  ['node_grpc_gateway_effect', 'grpc', ['grpc'], []],
  ['node_tree_service_client_effect', 'gRPC', ['GRPC'], []],
  ['node_stamping_client_effect', 'GRPC', ['grpc'], []],
  ['node_mcp_tool_bridge_effect', 'mcp', ['mcp'], []],
  ['node_mcp_registry_reducer', 'MCP', ['mcp', 'valkey'], []],
  ['node_tool_catalog_compute', 'mcp', [null], ['LINEAR_API_KEY=false']],
  ['node_repo_state_reader_effect', 'repo_state', ['filesystem'], ['GITHUB_TOKEN=false']],
  ['node_artifact_writer_effect', 'filesystem', ['FileSystem'], ['S3_ARTIFACT_BUCKET=off', 'AWS_REGION']],
  ['node_snapshot_archiver_effect', 'rrh_storage', ['rrh_storage'], []],
  ['node_rrh_storage_effect', 'rrh_storage', ['filesystem'], []],
  ['node_qdrant_search_effect', 'qdrant', ['qdrant'], ['QDRANT_API_KEY=false']],
  ['node_qdrant_upsert_effect', 'Qdrant', ['qdrant', 'llm'], ['OPENAI_API_KEY']],
  ['node_vector_index_reducer', 'qdrant', ['Qdrant'], []],
  ['node_pattern_recall_compute', null, ['qdrant'], []],
  ['node_memgraph_projector_reducer', 'memgraph', ['memgraph'], []],
  ['node_intent_graph_orchestrator', 'intent', ['intent', 'graph'], []],
  ['node_dependency_graph_compute', 'graph', ['Memgraph'], []],
  ['node_lineage_tracker_reducer', 'Memgraph', ['graph'], ['SENTRY_DSN']],
  ['node_consul_registration_effect', 'consul', ['consul'], []],
  ['node_service_discovery_effect', 'Consul', ['consul'], []],
  ['node_health_watcher_orchestrator', 'consul', ['consul', 'http'], ['PAGERDUTY_ROUTING_KEY', 'SLACK_WEBHOOK_URL=true']],
  ['node_secret_rotation_effect', 'secrets', ['secrets'], ['INFISICAL_CLIENT_SECRET=true']],
  ['node_secret_audit_compute', 'secret', ['Secrets'], ['SENTRY_DSN=no']],
  ['node_inmemory_store_effect', 'inmemory', ['inmemory'], []],
  ['node_mock_clock_compute', 'mock', ['mock'], []],
  ['node_test_harness_orchestrator', 'MOCK', ['InMemory', 'mock'], []],
  ['node_architecture_validator_compute', 'architecture_validation', ['runtime'], []],
  ['node_auth_gate_effect', 'auth_gate', ['auth_gate'], []],
  ['node_build_loop_orchestrator', 'build_loop_projection', ['toolchain', 'runtime'], ['GITHUB_TOKEN']],
  ['node_toolchain_probe_compute', 'toolchain', ['toolchain'], []],
  ['node_ledger_projection_reducer', 'ledger_projection', ['ledger_projection', 'db'], []],
  ['node_validation_ledger_reducer', 'validation_ledger_projection', ['validation_ledger_projection'], []],
  ['node_rrh_validate_compute', 'rrh_validate', ['rrh_validate'], []],
  ['node_runtime_target_effect', 'runtime_target', ['runtime_target'], ['LOG_LEVEL=off']],
  ['node_runtime_supervisor_orchestrator', 'runtime', ['runtime'], ['OTEL_EXPORTER_OTLP_ENDPOINT=false', 'LOG_LEVEL']],
  ['node_bridge_forwarder_effect', 'bridge', ['bridge'], []],
  ['node_legacy_bridge_effect', 'Bridge', ['bridge', 'http'], []],
  ['node_registration_orchestrator', null, ['db', 'consul', 'kafka'], ['SENTRY_DSN=true']],
  ['node_registration_reducer', 'ledger_projection', [null], []],
  ['node_slack_notifier_effect', 'http', ['http'], ['SLACK_WEBHOOK_URL']],
  ['node_pagerduty_alert_effect', 'http', ['http'], ['PAGERDUTY_ROUTING_KEY=true']],
  ['node_metrics_exporter_effect', 'http', ['http'], ['DATADOG_API_KEY=false', 'OTEL_EXPORTER_OTLP_ENDPOINT']],
  ['node_hf_model_pull_effect', 'filesystem', ['http', 'filesystem'], ['HF_TOKEN']],
  ['node_contract_linter_compute', 'architecture_validation', [], []],
  ['node_onex_tree_effect', 'grpc', ['llm'], []],
  ['node_intent_classifier_compute', 'llm', ['llm'], ['COHERE_API_KEY=no', 'OPENAI_API_KEY']],
  ['node_pattern_store_effect', 'qdrant', ['qdrant', 'db'], []],
  ['node_event_ledger_reducer', 'postgresql', ['db'], []],
  ['node_heartbeat_compute', null, [], []],
  ['node_ci_status_effect', 'http', ['HTTP'], ['GITHUB_TOKEN=yes']],
  ['node_jira_sync_effect', 'http', ['http'], ['JIRA_API_TOKEN', 'JIRA_BASE_URL=on']],
  ['node_email_digest_effect', 'http', ['http'], []],
  ['node_workflow_orchestrator', 'runtime', ['kafka', 'db', 'valkey'], []],
  ['node_cache_invalidation_reducer', 'valkey', ['Valkey', 'redpanda'], []],
  ['node_graph_sync_effect', 'memgraph', ['intent'], []],
  ['node_feature_flags_compute', 'consul', ['Consul'], []],

  // --- versioned nodes: <node>/v1_0_0/contract.yaml (one has v2_0_0 too) --------------------------
  ['node_llm_chat_effect/v1_0_0/contract.yaml', 'llm', ['llm'], ['OPENAI_API_KEY=false']],
  ['node_llm_chat_effect/v2_0_0/contract.yaml', 'LLM', ['llm', 'valkey'], ['OPENAI_API_KEY=true', 'ANTHROPIC_API_KEY=off']],
  ['node_postgres_pool_effect/v1_0_0/contract.yaml', 'postgres', ['db'], []],
  ['node_kafka_bridge_effect/v1_0_0/contract.yaml', 'bridge', ['kafka', 'bridge'], []],
  ['node_consul_kv_effect/v1_0_0/contract.yaml', 'consul', ['consul'], []],
  ['node_mcp_server_effect/v1_0_0/contract.yaml', 'mcp', ['MCP'], ['GITHUB_TOKEN=no']],
  ['node_vector_ingest_effect/v1_0_0/contract.yaml', 'qdrant', ['qdrant'], ['HF_TOKEN=false']],
  ['node_graph_query_compute/v1_0_0/contract.yaml', 'graph', ['memgraph'], []],
  ['node_file_watcher_effect/v1_0_0/contract.yaml', 'repo_state', ['repo_state'], []],
  ['node_grpc_health_effect/v1_0_0/contract.yaml', 'grpc', ['gRPC'], []],
  ['node_secret_sync_effect/v1_0_0/contract.yaml', 'Secrets', ['secrets', 'consul'], []],

  // --- named variants: <node>/contract_<variant>.yaml beside the node's contract.yaml -------------
  ['node_postgres_writer_effect/contract_batch.yaml', 'db', ['postgres'], []],
  ['node_kafka_replay_compute/contract_backfill.yaml', 'redpanda', ['kafka'], []],
  ['node_llm_inference_effect/contract_local.yaml', 'llm', ['llm'], []],
  ['node_llm_inference_effect/contract_remote.yaml', 'llm', ['llm', 'http'], ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY']],
  ['node_qdrant_search_effect/contract_hybrid.yaml', 'qdrant', ['qdrant', 'db'], []],
  ['node_webhook_dispatch_effect/contract_retry.yaml', 'http', ['http', 'valkey'], ['WEBHOOK_SIGNING_SECRET']],
  ['node_test_harness_orchestrator/contract_mock.yaml', 'mock', ['inmemory'], []],
  ['node_build_loop_orchestrator/contract_ci.yaml', 'toolchain', ['build_loop_projection'], ['GITHUB_TOKEN=true']],
  ['node_registration_orchestrator/contract_dry_run.yaml', 'inmemory', ['mock', 'mock'], []],
  ['node_memgraph_projector_reducer/contract_replay.yaml', 'memgraph', ['Kafka'], []],
  ['node_runtime_supervisor_orchestrator/contract_local_dev.yaml', 'runtime', ['bridge'], ['LOG_LEVEL=no']],

  // --- handler contracts: <node>/handlers/contract.yaml -------------------------------------------
  ['node_postgres_writer_effect/handlers/contract.yaml', 'db', [], []],
  ['node_llm_inference_effect/handlers/contract.yaml', 'llm', ['llm'], []],
  ['node_webhook_dispatch_effect/handlers/contract.yaml', 'http', [], []],
  ['node_qdrant_search_effect/handlers/contract.yaml', 'qdrant', [], []],
  ['node_consul_registration_effect/handlers/contract.yaml', 'consul', [], []],
  ['node_cache_warmer_effect/handlers/contract.yaml', 'REDIS', [], []],
  ['node_mcp_tool_bridge_effect/handlers/contract.yaml', 'mcp', ['http'], []],
  ['node_event_bus_publisher_effect/handlers/contract.yaml', 'kafka', [], []],

  // --- outside nodes/ (paths from the tree root) --------------------------------------------------
  ['/src/omnibase_infra/runtime/contract.yaml', 'runtime', ['runtime', 'kafka', 'consul'], ['ONEX_ENV=true', 'LOG_LEVEL']],
  ['/src/omnibase_infra/event_bus/contract.yaml', 'kafka', ['kafka'], []],
  ['/src/omnibase_infra/services/registry/contract.yaml', 'consul', ['consul', 'db'], []],
  ['/src/omnibase_infra/services/observability/contract_sentry.yaml', 'http', ['http'], ['SENTRY_DSN=true', 'SENTRY_ENVIRONMENT']],
  ['/src/omnibase_infra/testing/contract.yaml', 'mock', ['inmemory'], []],
  ['/src/omnibase_infra/testing/contract_integration.yaml', 'runtime', ['db', 'kafka', 'valkey'], []],
];

// Files that discovery must NOT return (wrong name, or under node_modules/). Each carries a marker
// environment dependency; the node_modules one also has an unknown transport, so scanning it by
// mistake shows up as a problem.
const NOT_CONTRACTS = {
  'board_check_coverage.yaml': [
    '# Board check coverage: which node families the nightly board verifies. Not a contract.',
    'board: "onex-infra-nightly"',
    'coverage_threshold: 0.85',
    'checks:',
    '  - family: "effect"',
    '    required: true',
    '  - family: "compute"',
    '    required: false',
    'dependencies:',
    '  - name: "board_token"',
    '    type: environment',
    '    env_var: "NOT_A_CONTRACT_BOARD_TOKEN"',
    'metadata:',
    '  transport_type: "http"',
    '',
  ],
  [`${NODES}/node_registration_orchestrator/contracts/configuration_subcontract.yaml`]: [
    '# Configuration subcontract: included by the node contract, never scanned on its own.',
    'subcontract_name: "configuration_subcontract"',
    'subcontract_version:',
    '  major: 1',
    '  minor: 0',
    '  patch: 0',
    'configuration:',
    '  config_sources: ["environment", "file"]',
    '  reload_on_change: false',
    'dependencies:',
    '  - name: "subcontract_token"',
    '    type: environment',
    '    env_var: "NOT_A_CONTRACT_SUBCONTRACT_TOKEN"',
    'metadata:',
    '  transport_type: "consul"',
    '',
  ],
  [`${NODES}/node_heartbeat_compute/contract.yml`]: [
    '# Wrong extension (.yml): not a contract file name.',
    'name: "node_heartbeat_compute"',
    'dependencies:',
    '  - name: "yml_token"',
    '    type: environment',
    '    env_var: "NOT_A_CONTRACT_YML_TOKEN"',
    'metadata:',
    '  transport_type: "grpc"',
    '',
  ],
  'node_modules/some-pkg/contract.yaml': [
    '# Vendored package contract: node_modules/ is skipped by discovery.',
    'name: "some_pkg_contract"',
    'dependencies:',
    '  - name: "vendored_token"',
    '    type: environment',
    '    env_var: "NODE_MODULES_CONTRACT_TOKEN"',
    'metadata:',
    '  transport_type: "carrier_pigeon"',
    '',
  ],
  'node_modules/some-pkg/package.json': ['{ "name": "some-pkg", "version": "1.0.0" }', ''],
};

// ---------------------------------------------------------------------------------------------

const SPELLING_TO_SLUG = new Map();
for (const [slug, spellings] of Object.entries(TRANSPORT_SPELLINGS)) for (const s of spellings) SPELLING_TO_SLUG.set(s.trim().toLowerCase(), slug);
const slugOf = (raw) => {
  const slug = SPELLING_TO_SLUG.get(raw.trim().toLowerCase());
  if (!slug) throw new Error(`fixture table uses an unlisted transport spelling '${raw}'`);
  return slug;
};

const OPS = {
  db: ['db.query', 'db.execute', 'db.upsert'],
  kafka: ['kafka.publish', 'kafka.consume'],
  valkey: ['cache.get', 'cache.set'],
  http: ['http.post', 'http.get'],
  llm: ['inference.chat', 'embedding.create'],
  grpc: ['grpc.unary', 'grpc.stream'],
  mcp: ['mcp.call_tool', 'mcp.list_tools'],
  filesystem: ['fs.read', 'fs.write'],
  qdrant: ['vector.search', 'vector.upsert'],
  graph: ['graph.query', 'graph.merge'],
  consul: ['consul.register', 'consul.kv_get'],
  infisical: ['secrets.read', 'secrets.rotate'],
  inmemory: ['memory.put', 'memory.get'],
  runtime: ['runtime.validate', 'runtime.project'],
  bridge: ['bridge.forward'],
};
const HANDLER = {
  db: 'HandlerPostgres',
  kafka: 'HandlerKafka',
  valkey: 'HandlerValkey',
  http: 'HandlerHttpRest',
  llm: 'HandlerLlmOpenaiCompatible',
  grpc: 'HandlerGrpc',
  mcp: 'HandlerMcp',
  filesystem: 'HandlerFilesystem',
  qdrant: 'HandlerQdrant',
  graph: 'HandlerMemgraph',
  consul: 'HandlerConsul',
  infisical: 'HandlerInfisical',
  inmemory: 'HandlerInmemory',
  runtime: 'HandlerRuntime',
  bridge: 'HandlerBridge',
};
const ROLE = {
  db: 'PostgreSQL persistence',
  kafka: 'event bus access',
  valkey: 'cache access',
  http: 'outbound HTTP calls',
  llm: 'LLM inference',
  grpc: 'gRPC service calls',
  mcp: 'MCP tool calls',
  filesystem: 'repository and artifact storage',
  qdrant: 'vector search',
  graph: 'graph projection',
  consul: 'service discovery',
  infisical: 'secret management',
  inmemory: 'in-memory test doubles',
  runtime: 'runtime orchestration',
  bridge: 'bridging to the legacy runtime',
};
const KIND = { effect: 'EFFECT_GENERIC', compute: 'COMPUTE_GENERIC', reducer: 'REDUCER_GENERIC', orchestrator: 'ORCHESTRATOR_GENERIC' };
const REQUIRED_VALUES = { true: true, yes: true, on: true, false: false, no: false, off: false };

const pascal = (s) =>
  s
    .split('_')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
const words = (s) =>
  s
    .split('_')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');

const rng = createRng(SEED);

const contracts = []; // { path, transports: slug[], env: { name, required }[] }
const files = new Map(); // path -> text

for (const [where, transportType, handlerTypes, envDeps] of TABLE) {
  let path;
  if (where.startsWith('/')) path = where.slice(1);
  else if (where.includes('/')) path = `${NODES}/${where}`;
  else path = `${NODES}/${where}/contract.yaml`;
  if (files.has(path)) throw new Error(`duplicate fixture path ${path}`);

  const segments = path.split('/');
  const nodeDir = segments.find((s) => s.startsWith('node_')) ?? segments[segments.length - 2];
  const fileName = segments[segments.length - 1];
  const variant = fileName.startsWith('contract_') ? fileName.slice('contract_'.length, -'.yaml'.length) : null;
  const isHandlerContract = segments.includes('handlers');
  const versionDir = segments.find((s) => /^v\d+_\d+_\d+$/.test(s));
  const version = versionDir ? versionDir.slice(1).split('_').map(Number) : [1, rng.int(0, 3), rng.int(0, 9)];
  const kindWord = nodeDir.startsWith('node_') ? nodeDir.split('_').at(-1) : 'orchestrator';
  const name = isHandlerContract
    ? `${nodeDir.replace(/^node_/, 'handler_')}`
    : nodeDir.startsWith('node_')
      ? variant
        ? `${nodeDir}_${variant}`
        : nodeDir
      : `${segments.slice(1, -1).join('_')}${variant ? `_${variant}` : ''}`;

  const slugs = [];
  const addSlug = (s) => {
    if (!slugs.includes(s)) slugs.push(s);
  };
  if (transportType !== null) addSlug(slugOf(transportType));
  for (const h of handlerTypes) if (h !== null) addSlug(slugOf(h));
  const primary = slugs[0] ?? 'runtime';

  const handlers = handlerTypes.map((raw, i) => {
    const slug = raw === null ? primary : slugOf(raw);
    const ops = OPS[slug];
    const op = ops[i % ops.length];
    return { operation: i > 0 && ops.length === 1 ? `${op}_${i}` : op, handlerType: raw, handlerClass: `${HANDLER[slug]}${pascal(op.split('.')[1])}` };
  });
  // Same operation twice (e.g. two mock handlers): make names unique.
  handlers.forEach((h, i) => {
    if (handlers.findIndex((o) => o.operation === h.operation) !== i) h.operation = `${h.operation}_${i}`;
  });

  const env = envDeps.map((d) => {
    const [envVar, raw] = d.split('=');
    if (raw !== undefined && !(raw in REQUIRED_VALUES)) throw new Error(`bad required value in ${d}`);
    return { envVar, raw, required: raw === undefined ? true : REQUIRED_VALUES[raw] };
  });

  const topic = name
    .replace(/^(node|handler)_/, '')
    .replace(/_(effect|compute|reducer|orchestrator)(?=_|$)/, '')
    .replace(/_/g, '-');
  const title = `${words(name.replace(/^(node|handler)_/, ''))}${isHandlerContract ? ' Handlers' : ''}`;
  const role = ROLE[primary];
  const spec = {
    name,
    nodeType: KIND[kindWord] ?? 'ORCHESTRATOR_GENERIC',
    title,
    summary: `${isHandlerContract ? 'Handler contract' : `${words(kindWord)} node`} for ${role}${variant ? ` (${variant.replace(/_/g, ' ')} variant)` : ''}.`,
    description:
      `${title} provides ${role} for the ONEX infrastructure runtime. Requests arrive as commands on the ` +
      `event bus, are validated against the input model and routed to the matching handler; results are ` +
      `published with the originating correlation id${rng.chance(0.5) ? ' so that reducers can project state' : ''}.`,
    module: segments.slice(1, -1).join('.'),
    version,
    transportType,
    handlers,
    envDeps: env.map(({ envVar, raw }) => ({
      envVar,
      required: raw,
      description: rng.chance(0.5) ? `${envVar} used for ${role}` : undefined,
    })),
    serviceDeps: rng.chance(0.5) ? [{ name: `${primary}_client`, type: rng.pick(['protocol', 'service']), ref: `Protocol${pascal(primary)}Client` }] : [],
    consumedTopics: isHandlerContract ? [] : [`${topic}-request`],
    publishedTopics: isHandlerContract ? [] : rng.chance(0.6) ? [`${topic}-completed`, `${topic}-failed`] : [`${topic}-completed`],
    ...randomOperations(rng, 0.5),
    tags: [kindWord, ...slugs.slice(0, 2), ...(rng.chance(0.2) ? ['experimental'] : [])],
  };
  files.set(path, renderContract(spec));
  contracts.push({ path, slugs, env });
}

for (const [path, lines] of Object.entries(NOT_CONTRACTS)) files.set(path, lines.join('\n'));
// The repository-wide .gitignore ignores node_modules/; the fixture's must be committed.
files.set('.gitignore', '# Generated by scripts/generate-fixture-tree.mjs: keep the node_modules/ fixture in git.\n!node_modules/\n');

// ---------------------------------------------------------------------------------------------
// Summary, README, write

const transportsUsed = [...new Set(contracts.flatMap((c) => c.slugs))].sort();
const allEnv = contracts.flatMap((c) => c.env);
const required = allEnv.filter((e) => e.required).length;
const byName = new Map();
for (const e of allEnv) byName.set(e.envVar, (byName.get(e.envVar) ?? 0) + 1);
const repeated = [...byName].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const styles = { absent: 0 };
for (const e of allEnv) {
  const k = e.raw ?? 'absent';
  styles[k] = (styles[k] ?? 0) + 1;
}
const layout = {
  'nodes/<node>/contract.yaml': contracts.filter((c) => /nodes\/node_[^/]+\/contract\.yaml$/.test(c.path)).length,
  'nodes/<node>/vX_Y_Z/contract.yaml': contracts.filter((c) => /\/v\d+_\d+_\d+\/contract\.yaml$/.test(c.path)).length,
  'contract_<variant>.yaml': contracts.filter((c) => /\/contract_[^/]+\.yaml$/.test(c.path)).length,
  'nodes/<node>/handlers/contract.yaml': contracts.filter((c) => /\/handlers\/contract\.yaml$/.test(c.path)).length,
};
layout['other locations (runtime/, event_bus/, services/, testing/)'] = contracts.length - Object.values(layout).reduce((a, b) => a + b, 0);

const readme = [
  '# fixtures/contracts/onex',
  '',
  `Generated by \`scripts/generate-fixture-tree.mjs\` (seeded PRNG, seed ${SEED}; deterministic) — do not edit by hand; ` +
    'change the table in the script and regenerate with `node scripts/generate-fixture-tree.mjs`, which deletes and rewrites this folder. ' +
    `It is a realistic ONEX-style repository tree of **${contracts.length} contract files** ` +
    `(${Object.entries(layout)
      .map(([k, v]) => `${v} × ${k}`)
      .join(', ')}) with **no contract problems**: ` +
    `every file parses as YAML 1.1 with a mapping root and every transport string resolves. ` +
    `Transports used (${transportsUsed.length}, via both \`metadata.transport_type\` and \`handler_type\`, with mixed spellings ` +
    "such as `Database`, `' postgres '`, `REDIS`, `redpanda`, `memgraph`, `mock`, `toolchain`, `secrets`): " +
    `${transportsUsed.join(', ')}. ` +
    `There are **${allEnv.length} environment dependencies** (${byName.size} distinct names): ${required} required ` +
    `(${styles.absent} with no \`required\` key, ${styles.true ?? 0} \`true\`, ${styles.yes ?? 0} \`yes\`, ${styles.on ?? 0} \`on\`) and ` +
    `${allEnv.length - required} optional (${styles.false ?? 0} \`false\`, ${styles.no ?? 0} \`no\`, ${styles.off ?? 0} \`off\`); ` +
    `names requested by several contracts: ${repeated.map(([n, c]) => `${n} ×${c}`).join(', ')}. ` +
    'One dependency is `INFISICAL_CLIENT_SECRET` (a bootstrap variable: the planner must ignore it) and one is `QDRANT_API_KEY` ' +
    '(`required: false`), which is also a key of the qdrant transport. ' +
    'Files that discovery must skip: `board_check_coverage.yaml`, `.../contracts/configuration_subcontract.yaml`, ' +
    "`.../node_heartbeat_compute/contract.yml` and `node_modules/some-pkg/contract.yaml` (kept in git by this folder's `.gitignore`); " +
    'they carry the marker variables NOT_A_CONTRACT_BOARD_TOKEN, NOT_A_CONTRACT_SUBCONTRACT_TOKEN, NOT_A_CONTRACT_YML_TOKEN and ' +
    'NODE_MODULES_CONTRACT_TOKEN, and the node_modules one has the unknown transport `carrier_pigeon`.',
  '',
].join('\n');
files.set('README.md', readme);

rmSync(OUT, { recursive: true, force: true });
for (const [path, text] of [...files].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const file = join(OUT, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

process.stdout.write(
  `wrote ${contracts.length} contracts (+${Object.keys(NOT_CONTRACTS).length} non-contract files) to ${OUT}\n` +
    `transports (${transportsUsed.length}): ${transportsUsed.join(', ')}\n` +
    `env deps: ${allEnv.length} (${byName.size} distinct), required ${required}, optional ${allEnv.length - required}; styles ${JSON.stringify(styles)}\n` +
    `repeated: ${repeated.map(([n, c]) => `${n}x${c}`).join(' ')}\n`,
);
