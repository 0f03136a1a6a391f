import { configError } from '../errors.js';
import { isBootstrapName } from '../sources/bootstrap-vars.js';

// The bootstrap transport: contracts may name it, but it never yields keys to fetch.
export const BOOTSTRAP_TRANSPORT = 'infisical';
// Pseudo-transport of `dependencies[]` entries with type: environment (folder /shared/env/).
export const ENV_TRANSPORT = 'env';

// The ONEX TransportConfigMap (docs/contracts.md, Transport map).
// Grouped by what they are, a group a line (not one name a line).
// prettier-ignore
export const BUILTIN_TRANSPORTS: Readonly<Record<string, readonly string[]>> = {
  db: ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_USER', 'POSTGRES_POOL_MIN_SIZE', 'POSTGRES_POOL_MAX_SIZE', 'POSTGRES_TIMEOUT_MS', 'QUERY_TIMEOUT_SECONDS'],
  kafka: ['KAFKA_GROUP_ID', 'KAFKA_ACKS', 'KAFKA_REQUEST_TIMEOUT_MS'],
  valkey: ['VALKEY_HOST', 'VALKEY_PORT', 'VALKEY_PASSWORD', 'VALKEY_DB'],
  http: ['HTTP_BASE_URL', 'HTTP_TIMEOUT_MS', 'HTTP_MAX_RETRIES'],
  llm: [
    'REMOTE_SERVER_IP', 'LLM_CODER_URL', 'LLM_CODER_FAST_URL', 'LLM_EMBEDDING_URL', 'LLM_DEEPSEEK_R1_URL',
    'LLM_GLM_URL', 'LLM_GLM_MODEL_NAME', 'LLM_GLM_API_KEY', 'ONEX_TREE_SERVICE_URL', 'METADATA_STAMPING_SERVICE_URL',
  ],
  grpc: ['GRPC_HOST', 'GRPC_PORT', 'GRPC_TLS_ENABLED'],
  mcp: ['MCP_SERVER_HOST', 'MCP_SERVER_PORT'],
  filesystem: ['FS_BASE_PATH'],
  qdrant: ['QDRANT_HOST', 'QDRANT_PORT', 'QDRANT_API_KEY', 'QDRANT_URL'],
  graph: ['GRAPH_HOST', 'GRAPH_PORT', 'GRAPH_PROTOCOL'],
  consul: ['CONSUL_HOST', 'CONSUL_PORT', 'CONSUL_SCHEME', 'CONSUL_ACL_TOKEN'],
  infisical: [],
  inmemory: [],
  runtime: [],
  bridge: [],
};

// Grouped by what they are, a group a line (not one name a line).
// prettier-ignore
export const BUILTIN_ALIASES: Readonly<Record<string, string>> = {
  database: 'db', postgres: 'db', postgresql: 'db',
  redis: 'valkey',
  redpanda: 'kafka',
  secret: 'infisical', secrets: 'infisical',
  memgraph: 'graph', intent: 'graph',
  repo_state: 'filesystem', rrh_storage: 'filesystem',
  architecture_validation: 'runtime', auth_gate: 'runtime', ledger_projection: 'runtime',
  build_loop_projection: 'runtime', validation_ledger_projection: 'runtime', rrh_validate: 'runtime',
  runtime_target: 'runtime', toolchain: 'runtime',
  mock: 'inmemory',
};

export interface TransportMap {
  readonly transports: ReadonlyMap<string, readonly string[]>;
  readonly aliases: ReadonlyMap<string, string>;
}

export interface TransportOverrides {
  transports?: Readonly<Record<string, readonly string[]>>;
  aliases?: Readonly<Record<string, string>>;
}

export const normalizeTransportName = (value: string): string => value.trim().toLowerCase();

const SLUG = /^[a-z0-9][a-z0-9_.-]*$/;
// Names the child's environment can carry: no '=', no NUL, not empty.
export const isEnvName = (name: string): boolean => name.length > 0 && !name.includes('=') && !name.includes('\0');

// Builds the map the contracts are matched against. `origin` names where overrides came from, for errors.
export const buildTransportMap = (overrides: TransportOverrides = {}, origin = 'configuration'): TransportMap => {
  const transports = new Map<string, readonly string[]>(Object.entries(BUILTIN_TRANSPORTS));
  for (const [rawSlug, keys] of Object.entries(overrides.transports ?? {})) {
    const slug = normalizeTransportName(rawSlug);
    if (!SLUG.test(slug)) throw configError(`${origin}: transport slug '${rawSlug}' is not a valid slug (letters, digits, '_', '.', '-')`);
    if (slug === BOOTSTRAP_TRANSPORT && keys.length > 0)
      throw configError(`${origin}: transport '${BOOTSTRAP_TRANSPORT}' is the bootstrap transport and cannot have keys to fetch`);
    for (const key of keys) {
      if (!isEnvName(key)) throw configError(`${origin}: transport '${slug}' has an invalid key name '${key}'`);
      if (isBootstrapName(key)) throw configError(`${origin}: transport '${slug}' lists ${key}, a bootstrap variable, which is never fetched`);
    }
    transports.set(slug, [...new Set(keys)]);
  }
  const aliases = new Map<string, string>(Object.entries(BUILTIN_ALIASES));
  for (const [rawAlias, rawTarget] of Object.entries(overrides.aliases ?? {})) {
    const alias = normalizeTransportName(rawAlias);
    const target = normalizeTransportName(rawTarget);
    if (alias === '') throw configError(`${origin}: an alias name is empty`);
    if (transports.has(alias)) throw configError(`${origin}: alias '${rawAlias}' is already a transport slug`);
    if (!transports.has(target)) throw configError(`${origin}: alias '${rawAlias}' points to unknown transport '${rawTarget}'`);
    aliases.set(alias, target);
  }
  return { transports, aliases };
};

// Trimmed and lower-cased, then matched against slugs, then aliases (ONEX _resolve_transport).
export const resolveTransport = (map: TransportMap, value: string): string | undefined => {
  const name = normalizeTransportName(value);
  if (map.transports.has(name)) return name;
  return map.aliases.get(name);
};

export const keysForTransport = (map: TransportMap, slug: string): readonly string[] => (slug === BOOTSTRAP_TRANSPORT ? [] : (map.transports.get(slug) ?? []));
