// The fetch bench's input: 40 realistic contracts over 12 transports (the 11 with keys, plus
// environment dependencies), a service slug (24 folders), and an emulator seed that holds every key.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { selfSignedCert } from '../scripts/self-signed-cert.mjs';

export const SERVICE = 'bench-api';
// The built-in transport map, from the build itself rather than a copy of it.
const { BUILTIN_TRANSPORTS } = createRequire(import.meta.url)('../dist/index.cjs');
const TRANSPORTS = ['db', 'kafka', 'valkey', 'http', 'llm', 'grpc', 'mcp', 'filesystem', 'qdrant', 'graph', 'consul'];
const KEYS = Object.fromEntries(TRANSPORTS.map((t) => [t, BUILTIN_TRANSPORTS[t]]));
const ENV_DEPS = ['OPENAI_API_KEY', 'SENTRY_DSN', 'GITHUB_TOKEN', 'SLACK_WEBHOOK_URL', 'LOG_LEVEL', 'WEBHOOK_SIGNING_SECRET'];

const contract = (i) => {
  const t1 = TRANSPORTS[i % TRANSPORTS.length];
  const t2 = TRANSPORTS[(i * 7 + 3) % TRANSPORTS.length];
  const dep = ENV_DEPS[i % ENV_DEPS.length];
  return `# ONEX node contract (bench fixture ${i})
contract_version: {major: 1, minor: 0, patch: 0}
node_version: "1.0.${i}"
name: "node_bench_${i}_effect"
node_type: "EFFECT_GENERIC"
description: >
  Bench node ${i}: reads from ${t1} and writes through ${t2}.
input_model: {name: "ModelBench${i}Request", module: "bench.nodes.node_${i}.models"}
output_model: {name: "ModelBench${i}Response", module: "bench.nodes.node_${i}.models"}
io_operations:
  - operation: "bench.${t1}.read"
    input_fields: [correlation_id, payload, timeout_ms]
    output_fields: [status, result, latency_ms]
handler_routing:
  routing_strategy: "operation_match"
  handlers:
    - operation: "bench.${t2}.write"
      handler_type: "${t2}"
      handler: {name: "HandlerBench${i}", module: "bench.nodes.node_${i}.handlers"}
error_handling:
  retry_policy: {max_retries: 3, initial_delay_ms: 100, max_delay_ms: 5000}
  circuit_breaker: {enabled: true, failure_threshold: 5}
dependencies:
  - name: "dep_${i}"
    type: environment
    env_var: "${dep}"
    required: ${i % 5 === 0 ? 'no' : 'true'}
metadata:
  transport_type: "${t1}"
  author: "bench"
  tags: [effect, ${t1}]
`;
};

export const writeFetchFixture = (dir) => {
  for (let i = 0; i < 40; i++) {
    mkdirSync(join(dir, `nodes/node_${i}`), { recursive: true });
    writeFileSync(join(dir, `nodes/node_${i}/contract.yaml`), contract(i));
  }
  const folders = {};
  for (const t of TRANSPORTS) folders[`/shared/${t}`] = { secrets: Object.fromEntries(KEYS[t].map((k) => [k, `shared-${k.toLowerCase()}`])) };
  folders['/shared/env'] = { secrets: Object.fromEntries(ENV_DEPS.map((k) => [k, `shared-${k.toLowerCase()}`])) };
  folders[`/services/${SERVICE}/db`] = { secrets: { POSTGRES_HOST: 'bench-api-db' } };
  const seed = {
    identities: [{ clientId: 'bench-id', clientSecret: 'bench-secret', projects: ['bench-project'] }],
    projects: { 'bench-project': { environments: { prod: { folders } } } },
  };
  writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
  // What the naive prefetcher asks for: each key from its transport's folder, one request at a time.
  return [...TRANSPORTS.flatMap((t) => KEYS[t].map((k) => [k, `/shared/${t}`])), ...ENV_DEPS.map((k) => [k, '/shared/env'])];
};

// The emulator, as its own process, serving the fixture written to `dir` (or `seed`) with `latency` ms
// added to every response; and the bootstrap variables that log in to it. With `tls`, over https with
// a throwaway certificate, which the env trusts through NODE_EXTRA_CA_CERTS. Without `limits`, it
// does not rate-limit (a timing bench makes hundreds of runs a minute from one address).
export const startFixtureEmulator = async (dir, latency, { tls = false, limits = false, legacy = false, seed = join(dir, 'seed.json') } = {}) => {
  const tlsArgs = [];
  if (tls) {
    const { cert, key } = selfSignedCert();
    writeFileSync(join(dir, 'tls-cert.pem'), cert);
    writeFileSync(join(dir, 'tls-key.pem'), key, { mode: 0o600 });
    tlsArgs.push('--tls-cert', join(dir, 'tls-cert.pem'), '--tls-key', join(dir, 'tls-key.pem'));
  }
  const emulator = spawn(
    process.execPath,
    [
      new URL('../emulator/dist/emulator.cjs', import.meta.url).pathname,
      '--port',
      '0',
      '--print-url',
      '--latency',
      String(latency),
      '--seed',
      seed,
      ...(limits ? [] : ['--no-limits']),
      ...(legacy ? ['--legacy'] : []),
      ...tlsArgs,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  emulator.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    emulator.stdout.setEncoding('utf8').on('data', (d) => (out += d).includes('\n') && resolve(out.trim()));
    emulator.on('exit', () => reject(new Error(`the emulator did not start: ${stderr.trim()}`)));
  });
  const env = { INFISICAL_ADDR: url, INFISICAL_CLIENT_ID: 'bench-id', INFISICAL_CLIENT_SECRET: 'bench-secret', INFISICAL_PROJECT_ID: 'bench-project' };
  if (tls) env.NODE_EXTRA_CA_CERTS = join(dir, 'tls-cert.pem');
  return { url, env, stop: () => emulator.kill() };
};
