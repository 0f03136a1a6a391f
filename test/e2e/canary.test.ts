// Issue 3 acceptance, the canary test: every secret value (in Infisical, in .env, inherited), the
// client secret and the tokens are random canaries; across every scenario secrets-run may print none of
// them. Only what secrets-run itself prints is checked: its stderr, and stdout of `plan`. The child's
// stdout is not checked (the child legitimately prints values). No scenario may leave a file behind.
//
// To cover a new situation, add a row to SCENARIOS (or a knob to FAULT_CASES in emulator-faults.ts).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeTree, type TreeSpec } from '../helpers/tree.js';
import {
  CLIENT_ID,
  OUTSIDER_ID,
  buildSeed,
  contract,
  listTree,
  loginToken,
  printEnv,
  runWith,
  useEmulator,
  type Emulator,
  type Faults,
} from '../helpers/emulator-env.js';
import { FAULT_CASES, type FaultCase } from '../helpers/emulator-faults.js';

const PREFIX = 'zqcanary';
const canaries = new Map<string, string>(); // label → value
const canary = (label: string): string => {
  const value = `${PREFIX}-${randomUUID()}`;
  canaries.set(label, value);
  return value;
};

const CLIENT_SECRET = canary('client secret');
const OUTSIDER_SECRET = canary('outsider client secret');
const WRONG_SECRET = canary('a wrong client secret');
const FAKE_TOKEN = canary('a refused token');
const FROM_ENV_FILE = canary('.env value');
const INHERITED_VALUE = canary('inherited value');

const emu = useEmulator(
  buildSeed(
    {
      prod: {
        '/services/billing/mcp': { MCP_SERVER_HOST: canary('/services/billing/mcp MCP_SERVER_HOST') },
        '/shared/mcp': {
          MCP_SERVER_HOST: canary('/shared/mcp MCP_SERVER_HOST'),
          MCP_SERVER_PORT: canary('/shared/mcp MCP_SERVER_PORT'),
          MCP_UNPLANNED: canary('/shared/mcp MCP_UNPLANNED'),
        },
        '/shared/filesystem': { FS_BASE_PATH: canary('/shared/filesystem FS_BASE_PATH') },
        '/services/billing/env': { API_SIGNING_KEY: canary('/services/billing/env API_SIGNING_KEY') },
        '/shared/env': {
          API_SIGNING_KEY: canary('/shared/env API_SIGNING_KEY'),
          LOCAL_ONLY: canary('/shared/env LOCAL_ONLY'),
          COMPOSED: '${API_SIGNING_KEY}@${LOCAL_ONLY}', // expanded by the server into two canaries
          HIDDEN_KEY: { value: canary('/shared/env HIDDEN_KEY (hidden)'), hidden: true },
          INFISICAL_CLIENT_SECRET: canary('/shared/env INFISICAL_CLIENT_SECRET'),
        },
      },
      dev: { '/shared/mcp': { MCP_SERVER_HOST: canary('dev /shared/mcp MCP_SERVER_HOST') } },
    },
    { clientSecret: CLIENT_SECRET, outsiderSecret: OUTSIDER_SECRET },
  ),
);

const BASE_TREE: TreeSpec = {
  'nodes/api/contract.yaml': contract({ transport: 'mcp', handlers: ['filesystem'], env: ['API_SIGNING_KEY', 'LOCAL_ONLY', 'COMPOSED', 'FEATURE_URL?'] }),
  '.env': `LOCAL_ONLY=${FROM_ENV_FILE}\nFEATURE_URL=${canary('.env FEATURE_URL')}\n`,
};
const HIDDEN_TREE: TreeSpec = { 'nodes/hidden/contract.yaml': contract({ env: ['HIDDEN_KEY', 'INFISICAL_CLIENT_SECRET'] }) };
const MISSING_TREE: TreeSpec = { 'nodes/more/contract.yaml': contract({ env: ['NOWHERE'] }) };
const PROBLEM_TREE: TreeSpec = { 'nodes/bad/contract.yaml': 'metadata:\n  transport_type: no_such_transport\n' };

interface Ctx {
  emulator: Emulator;
  token: string; // a real token, from a login made before the run
}

interface Scenario {
  name: string;
  args: (ctx: Ctx) => string[]; // everything after the bin: options, and `-- child` or `plan ...`
  env?: (ctx: Ctx) => Record<string, string | undefined>; // over the bootstrap variables
  faults?: Faults;
  tree?: TreeSpec; // added to BASE_TREE
  code: number; // the expected exit status: proves the scenario did what its name says
  childRuns?: boolean; // the child printed the environment (its stdout holds canaries; never checked for leaks)
  fetched?: boolean; // ...and it got MCP_SERVER_HOST from Infisical: the run really talked to it
}

const isPlan = (args: string[]): boolean => args[0] === 'plan';
const child = printEnv('MCP_SERVER_HOST', 'API_SIGNING_KEY', 'LOCAL_ONLY', 'COMPOSED', 'FS_BASE_PATH');
const run =
  (...options: string[]) =>
  (): string[] => [...options, ...child];
const plan =
  (...options: string[]) =>
  (): string[] => ['plan', ...options];
const inherited = () => ({ FS_BASE_PATH: INHERITED_VALUE });

const faultCredentials = (c: FaultCase): Record<string, string | undefined> =>
  c.identity === 'outsider'
    ? { INFISICAL_CLIENT_ID: OUTSIDER_ID, INFISICAL_CLIENT_SECRET: OUTSIDER_SECRET }
    : c.identity === 'refused-token'
      ? { INFISICAL_TOKEN: FAKE_TOKEN, INFISICAL_CLIENT_ID: undefined, INFISICAL_CLIENT_SECRET: undefined }
      : {};

// Each address in lenient and strict mode; `codes` says how each ends (a usable address succeeds).
const badAddr = (label: string, addr: (ctx: Ctx) => string, codes = { lenient: 0, strict: 125 }): Scenario[] => [
  {
    name: `INFISICAL_ADDR ${label}`,
    args: run('--timeout', '1'),
    env: (ctx) => ({ INFISICAL_ADDR: addr(ctx) }),
    code: codes.lenient,
    childRuns: true,
    fetched: codes.strict === 0,
  },
  {
    name: `INFISICAL_ADDR ${label}, --require`,
    args: run('--require', '--timeout', '1'),
    env: (ctx) => ({ INFISICAL_ADDR: addr(ctx) }),
    code: codes.strict,
    childRuns: codes.strict === 0,
    fetched: codes.strict === 0,
  },
];

const SCENARIOS: Scenario[] = [
  // successful runs
  { name: 'success, default output', args: run(), env: inherited, code: 0, childRuns: true, fetched: true },
  { name: 'success, --service billing --verbose', args: run('--service', 'billing', '--verbose'), env: inherited, code: 0, childRuns: true, fetched: true },
  {
    name: 'success, --override --verbose',
    args: run('--override', '--verbose'),
    env: () => ({ LOCAL_ONLY: INHERITED_VALUE }),
    code: 0,
    childRuns: true,
    fetched: true,
  },
  { name: 'success, --quiet', args: run('--quiet'), code: 0, childRuns: true, fetched: true },
  {
    name: 'success, --scrub-bootstrap --verbose',
    args: run('--scrub-bootstrap', '--verbose'),
    env: (ctx) => ({ INFISICAL_TOKEN: ctx.token }),
    code: 0,
    childRuns: true,
    fetched: true,
  },
  { name: 'success, --environment dev --verbose', args: run('--environment', 'dev', '--verbose'), code: 0, childRuns: true, fetched: true },
  { name: 'success, --require', args: run('--require', '--service', 'billing'), code: 0, childRuns: true, fetched: true },
  {
    name: 'INFISICAL_TOKEN as bearer token, --verbose',
    args: run('--verbose'),
    env: (ctx) => ({ INFISICAL_TOKEN: ctx.token, INFISICAL_CLIENT_SECRET: undefined }),
    code: 0,
    childRuns: true,
    fetched: true,
  },
  { name: 'expired token, one re-login', args: run('--verbose'), faults: { tokenTtlSeconds: 0 }, code: 0, childRuns: true, fetched: true },
  {
    name: 'retries: 5xx then 429',
    args: run('--verbose'),
    faults: { status5xx: { times: 2 }, rateLimit429: { times: 1, retryAfterSeconds: 1 } },
    code: 0,
    childRuns: true,
    fetched: true,
  },
  {
    name: 'older server (v3, empty 200)',
    args: run('--verbose', '--service', 'billing'),
    faults: { legacy: { noV4: true, missingFolderEmpty200: true } },
    code: 0,
    childRuns: true,
    fetched: true,
  },
  {
    name: 'bootstrap from .env',
    args: run('--verbose'),
    env: () => ({ INFISICAL_CLIENT_SECRET: undefined }),
    tree: { '.env': `INFISICAL_CLIENT_SECRET=${CLIENT_SECRET}\nLOCAL_ONLY=${FROM_ENV_FILE}\n` },
    code: 0,
    childRuns: true,
    fetched: true,
  },
  { name: 'a hidden key, --verbose', args: run('--verbose'), tree: HIDDEN_TREE, code: 0, childRuns: true, fetched: true },
  { name: 'a contract problem, --verbose', args: run('--verbose'), tree: PROBLEM_TREE, code: 0, childRuns: true, fetched: true },

  // plan
  { name: 'plan --format json, online', args: plan('--format', 'json', '--service', 'billing'), env: inherited, tree: HIDDEN_TREE, code: 0 },
  { name: 'plan table, online, --verbose', args: plan('--verbose', '--service', 'billing'), env: inherited, tree: HIDDEN_TREE, code: 0 },
  { name: 'plan --offline', args: plan('--format', 'json', '--offline'), code: 0 },
  { name: 'plan --require, missing key', args: plan('--require', '--format', 'json'), tree: MISSING_TREE, code: 125 },
  { name: 'plan, wrong client secret', args: plan('--format', 'json'), env: () => ({ INFISICAL_CLIENT_SECRET: WRONG_SECRET }), code: 0 },
  { name: 'plan, hang', args: plan('--timeout', '1'), faults: { hang: {} }, code: 0 },

  // every fault knob, lenient and strict
  ...FAULT_CASES.flatMap((c): Scenario[] => [
    { name: `fault: ${c.name}`, args: run('--verbose', ...(c.args ?? [])), env: () => faultCredentials(c), faults: c.faults, code: 0, childRuns: true },
    { name: `fault: ${c.name}, --require`, args: run('--require', ...(c.args ?? [])), env: () => faultCredentials(c), faults: c.faults, code: 125 },
  ]),

  // wrong credentials, bad addresses, missing settings
  { name: 'wrong client secret', args: run('--verbose'), env: () => ({ INFISICAL_CLIENT_SECRET: WRONG_SECRET }), code: 0, childRuns: true },
  { name: 'wrong client secret, --require', args: run('--require'), env: () => ({ INFISICAL_CLIENT_SECRET: WRONG_SECRET }), code: 125 },
  { name: 'unknown client id', args: run('--require'), env: () => ({ INFISICAL_CLIENT_ID: `${CLIENT_ID}-unknown` }), code: 125 },
  ...badAddr('not a URL', () => `not a url ${CLIENT_SECRET}`),
  ...badAddr('an ftp URL with the secret as password', () => `ftp://user:${CLIENT_SECRET}@127.0.0.1/`),
  ...badAddr('unreachable, with the secret as password', () => `http://user:${CLIENT_SECRET}@127.0.0.1:1`),
  ...badAddr('usable, with the secret as password', (ctx) => ctx.emulator.url.replace('http://', `http://user:${CLIENT_SECRET}@`), { lenient: 0, strict: 0 }),
  ...badAddr('usable, with the secret in the query', (ctx) => `${ctx.emulator.url}/?token=${CLIENT_SECRET}`, { lenient: 0, strict: 0 }),
  // A quote left open in .env: the next lines join the address, and a server's 404 repeats its path.
  ...badAddr('spanning lines, the next one a secret', (ctx) => `${ctx.emulator.url}/\nLEAKED=${CLIENT_SECRET}\n`),
  // deploy:8080/pass@host parses as host "deploy" and port 8080: that host would be shown, and logged in to.
  ...badAddr("with '/' unencoded in the password", (ctx) => ctx.emulator.url.replace('http://', `http://deploy:8080/${CLIENT_SECRET}@`)),
  {
    name: 'INFISICAL_ENVIRONMENT spanning lines, the next one a secret',
    args: run(),
    env: () => ({ INFISICAL_ENVIRONMENT: `prod\nLEAKED=${CLIENT_SECRET}` }),
    code: 125,
  },
  { name: 'no INFISICAL_PROJECT_ID, --require', args: run('--require'), env: () => ({ INFISICAL_PROJECT_ID: undefined }), code: 125 },
  { name: 'no client credentials, --require', args: run('--require'), env: () => ({ INFISICAL_CLIENT_ID: undefined }), code: 125 },

  // --require failures of the plan itself
  { name: '--require, a missing key', args: run('--require'), tree: MISSING_TREE, code: 125 },
  { name: '--require, a hidden key', args: run('--require'), tree: HIDDEN_TREE, code: 125 },
  { name: '--require, a contract problem', args: run('--require'), tree: PROBLEM_TREE, code: 125 },
  {
    name: '--require, --verbose, everything at once',
    args: run('--require', '--verbose'),
    tree: { ...MISSING_TREE, ...HIDDEN_TREE, ...PROBLEM_TREE },
    faults: { malformedBody: { route: 'list', secretPath: '/shared/mcp' } },
    code: 125,
  },
];

// Everything a leak could look like: the whole value, and its random part on its own.
const leaksIn = (output: string): string[] => {
  const found: string[] = [];
  for (const [label, value] of canaries) {
    if (output.includes(value) || output.includes(value.slice(PREFIX.length + 1))) found.push(label);
  }
  if (output.includes(PREFIX)) found.push(`the prefix ${PREFIX}`);
  return found;
};

describe('canary: no secret value, client secret or token in anything secrets-run prints', () => {
  it.each(SCENARIOS)('$name', async (scenario) => {
    const token = await loginToken(emu(), CLIENT_ID, CLIENT_SECRET);
    canaries.set('the access token', token);
    const ctx: Ctx = { emulator: emu(), token };
    emu().setFaults(scenario.faults ?? {});
    emu().resetStats();
    const cwd = makeTree({ ...BASE_TREE, ...scenario.tree });
    const before = listTree(cwd);
    const args = scenario.args(ctx);
    const r = await runWith(emu(), args, { INFISICAL_CLIENT_SECRET: CLIENT_SECRET, ...scenario.env?.(ctx) }, { cwd });

    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: scenario.code });
    const printedBySecretsRun = r.stderr + (isPlan(args) ? r.stdout : '');
    expect(leaksIn(printedBySecretsRun)).toEqual([]);
    expect(listTree(cwd)).toEqual(before);
    if (scenario.childRuns) expect(r.stdout).toMatch(/^\{"MCP_SERVER_HOST":/); // the child ran
    if (scenario.fetched) expect(JSON.parse(r.stdout).MCP_SERVER_HOST).toMatch(new RegExp(`^${PREFIX}-`));
    if (scenario.code === 125 && !isPlan(args)) expect(r.stdout).toBe(''); // the child never started
  });

  it('the check can fail: canaries reach the child, and leaksIn finds them', async () => {
    const cwd = makeTree(BASE_TREE);
    const r = await runWith(emu(), ['--service', 'billing', ...child], { INFISICAL_CLIENT_SECRET: CLIENT_SECRET, FS_BASE_PATH: INHERITED_VALUE }, { cwd });
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as Record<string, string>;
    expect(printed['MCP_SERVER_HOST']).toBe(canaries.get('/services/billing/mcp MCP_SERVER_HOST'));
    expect(printed['LOCAL_ONLY']).toBe(canaries.get('/shared/env LOCAL_ONLY'));
    // ${API_SIGNING_KEY} expands in the folder of the secret that holds the reference: /shared/env
    expect(printed['COMPOSED']).toBe(`${canaries.get('/shared/env API_SIGNING_KEY')}@${canaries.get('/shared/env LOCAL_ONLY')}`);
    expect(printed['FS_BASE_PATH']).toBe(INHERITED_VALUE);
    expect(leaksIn(r.stdout)).not.toEqual([]);
    expect(leaksIn(`x${CLIENT_SECRET.slice(PREFIX.length + 1)}x`)).toContain('client secret');
  });
});
