import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { runCli } from '../helpers/run-cli.js';

const CONTRACTS = {
  'nodes/api/contract.yaml':
    'name: api\nmetadata:\n  transport_type: Database\nhandler_routing:\n  handlers:\n    - handler_type: kafka\n' +
    'dependencies:\n  - {type: environment, env_var: API_SIGNING_KEY}\n  - {type: environment, env_var: FEATURE_URL, required: no}\n' +
    '  - {type: environment, env_var: INFISICAL_CLIENT_SECRET}\n',
  'nodes/worker/contract_worker.yaml':
    'handler_routing:\n  handlers:\n    - handler_type: secrets\n    - handler_type: mock\n' +
    'dependencies:\n  - {type: environment, env_var: API_SIGNING_KEY, required: false}\n',
};

const plan = async (cwd: string, args: string[] = [], env: Record<string, string> = {}) => {
  const result = await runCli(['plan', '--format', 'json', ...args], { cwd, env });
  return { ...result, json: result.code === 0 && result.stdout ? JSON.parse(result.stdout) : undefined };
};

describe('secrets-run plan (real bin)', () => {
  it('prints the JSON of docs/commands.md, `secrets-run plan`: contracts, transports, keys with folders and sources', async () => {
    const cwd = makeTree(CONTRACTS);
    const { code, json, stderr } = await plan(cwd, ['--service', 'billing', '--offline']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json.environment).toBe('prod');
    expect(json.service).toBe('billing');
    expect(json.contracts).toEqual(['nodes/api/contract.yaml', 'nodes/worker/contract_worker.yaml']);
    expect(json.transports).toEqual(['db', 'kafka', 'infisical', 'inmemory']);
    expect(json.problems).toEqual([]);
    expect(json.keys.map((k: { key: string }) => k.key)).toEqual([
      'POSTGRES_HOST',
      'POSTGRES_PORT',
      'POSTGRES_USER',
      'POSTGRES_POOL_MIN_SIZE',
      'POSTGRES_POOL_MAX_SIZE',
      'POSTGRES_TIMEOUT_MS',
      'QUERY_TIMEOUT_SECONDS',
      'KAFKA_GROUP_ID',
      'KAFKA_ACKS',
      'KAFKA_REQUEST_TIMEOUT_MS',
      'API_SIGNING_KEY',
      'FEATURE_URL',
    ]);
    expect(json.keys[0]).toEqual({
      key: 'POSTGRES_HOST',
      transport: 'db',
      required: true,
      folders: ['/services/billing/db/', '/shared/db/'],
      sources: [{ contract: 'nodes/api/contract.yaml', field: 'metadata.transport_type' }],
      resolution: 'unknown',
      folder: null,
    });
    expect(json.keys.find((k: { key: string }) => k.key === 'API_SIGNING_KEY')).toMatchObject({
      transport: 'env',
      required: true,
      folders: ['/services/billing/env/', '/shared/env/'],
      sources: [
        { contract: 'nodes/api/contract.yaml', field: 'dependencies[0]' },
        { contract: 'nodes/worker/contract_worker.yaml', field: 'dependencies[0]' },
      ],
    });
    expect(json.keys.find((k: { key: string }) => k.key === 'FEATURE_URL').required).toBe(false);
  });

  it('without Infisical, resolution says where each key would come from', async () => {
    const cwd = makeTree({ ...CONTRACTS, '.env': 'KAFKA_ACKS=all\n' });
    const { json } = await plan(cwd, [], { POSTGRES_HOST: 'db.local' });
    const byKey = Object.fromEntries(json.keys.map((k: { key: string; resolution: string }) => [k.key, k.resolution]));
    expect(byKey).toMatchObject({ POSTGRES_HOST: 'environment', KAFKA_ACKS: 'env-file', POSTGRES_PORT: 'missing' });
  });

  it('reports contract problems in the JSON and still exits 0; --require makes it a preflight (125)', async () => {
    const cwd = makeTree({
      ...CONTRACTS,
      'nodes/bad/contract.yaml': 'name: bad\nhandler_routing:\n  handlers:\n    - handler_type: db\n    - handler_type: foo\n',
    });
    const lenient = await plan(cwd, ['--offline']);
    expect(lenient.code).toBe(0);
    expect(lenient.json.problems).toEqual([
      { kind: 'contract', file: 'nodes/bad/contract.yaml', line: 5, message: "unknown handler_type 'foo' (handler_routing.handlers[1].handler_type)" },
    ]);
    const strict = await runCli(['plan', '--format', 'json', '--offline', '--require'], { cwd });
    expect(strict.code).toBe(125);
    expect(JSON.parse(strict.stdout).problems).toHaveLength(1); // the plan is still printed
    expect(strict.stderr).toContain("nodes/bad/contract.yaml:5: unknown handler_type 'foo'");
  });

  it('--offline --require fails on missing keys only when no Infisical could supply them', async () => {
    // Every planned key is missing locally. With INFISICAL_ADDR set they are unknown offline, not
    // missing; without it a run would indeed start without them.
    const cwd = makeTree(CONTRACTS);
    const withInfisical = await runCli(['plan', '--format', 'json', '--offline', '--require'], {
      cwd,
      env: { INFISICAL_ADDR: 'http://127.0.0.1:1', INFISICAL_PROJECT_ID: 'p', INFISICAL_TOKEN: 't' },
    });
    expect([withInfisical.code, withInfisical.stderr]).toEqual([0, '']);
    const without = await runCli(['plan', '--format', 'json', '--offline', '--require'], { cwd });
    expect(without.code).toBe(125);
    expect(without.stderr).toMatch(/required keys? missing \(looked in the environment, env files\)/);
    // Settings that already rule Infisical out are known offline too: the preflight fails on them.
    const unusable = await runCli(['plan', '--format', 'json', '--offline', '--require'], { cwd, env: { INFISICAL_ADDR: 'not-a-url', INFISICAL_TOKEN: 't' } });
    expect(unusable.code).toBe(125);
    expect(unusable.stderr).toContain('Infisical: INFISICAL_ADDR is not an http(s) URL');
    expect(unusable.stderr).toContain('Infisical: INFISICAL_PROJECT_ID is not set');
    expect(unusable.stderr).toMatch(/required keys? missing/);
  });

  it('prints a readable table by default', async () => {
    const cwd = makeTree(CONTRACTS);
    const { code, stdout } = await runCli(['plan', '--offline'], { cwd });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^environment prod, service \(none\): 2 contracts, 4 transports, 12 keys, 0 problems/);
    expect(stdout).toMatch(/POSTGRES_HOST\s+db\s+yes\s+unknown\s+\/shared\/db\/\s+nodes\/api\/contract.yaml/);
  });

  it('uses config file transports and aliases, and flags beat it', async () => {
    const cwd = makeTree({
      '.secrets-run.yaml': 'service: from-config\ntransports:\n  db: [POSTGRES_DSN]\naliases:\n  timescale: db\ncontracts: [nodes]\n',
      'nodes/a/contract.yaml': 'metadata: {transport_type: TimeScale}\n',
      'other/contract.yaml': 'metadata: {transport_type: kafka}\n',
    });
    const { json } = await plan(cwd, ['--offline', '--service', 'from-flag']);
    expect(json.service).toBe('from-flag');
    expect(json.contracts).toEqual(['nodes/a/contract.yaml']);
    expect(json.keys.map((k: { key: string; folders: string[] }) => [k.key, k.folders])).toEqual([
      ['POSTGRES_DSN', ['/services/from-flag/db/', '/shared/db/']],
    ]);
  });

  it('SECRETS_RUN_* variables sit between flags and the config file', async () => {
    const cwd = makeTree({ '.secrets-run.yaml': 'service: from-config\nenvironment: staging\n', 'contract.yaml': 'metadata: {transport_type: mcp}\n' });
    const { json } = await plan(cwd, ['--offline'], { SECRETS_RUN_SERVICE: 'from-env' });
    expect([json.service, json.environment]).toEqual(['from-env', 'staging']);
    const withBootstrap = await plan(cwd, ['--offline'], { INFISICAL_ENVIRONMENT: 'dev' });
    expect(withBootstrap.json.environment).toBe('dev');
  });

  it('an invalid config file or flag value exits 125 naming it', async () => {
    const cwd = makeTree({ '.secrets-run.yaml': 'require: perhaps\n' });
    const bad = await runCli(['plan'], { cwd });
    expect(bad.code).toBe(125);
    expect(bad.stderr).toBe(
      "secrets-run: error: config file .secrets-run.yaml: 'require' must be true or false [CONFIG_INVALID]\nsecrets-run: hint: fix .secrets-run.yaml; docs/configuration.md lists each setting\n",
    );
    const flag = await runCli(['plan', '--format', 'xml'], { cwd: makeTree({}) });
    expect([flag.code, flag.stderr]).toEqual([
      125,
      "secrets-run: error: --format must be table or json, not 'xml' [USAGE]\nsecrets-run: hint: 'secrets-run help' lists the commands and their options\n",
    ]);
    const timeout = await runCli(['--timeout', 'soon', '--', 'true'], { cwd: makeTree({}) });
    expect(timeout.code).toBe(125);
    expect(timeout.stderr).toContain("--timeout: invalid duration 'soon'");
  });
});
