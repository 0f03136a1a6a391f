// Issue 14, items 5 to 7, through the real bin: dangerous families refused from Infisical, a planned
// __proto__ that reaches the child, config maps that refuse reserved names, and names and server text
// holding escape sequences that reach the terminal only escaped.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { runCli } from '../helpers/run-cli.js';
import { buildSeed, childEnv, contract, ownLines, printEnv, runWith, useEmulator } from '../helpers/emulator-env.js';

// One name per family of src/resolve/dangerous-keys.ts that the list missed before.
const DANGEROUS = [
  'HTTPS_PROXY',
  'https_proxy',
  'DOTNET_STARTUP_HOOKS',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_KEY_0',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'LESSOPEN',
  'PHPRC',
];
const EVIL_NAME = 'EVIL\u001b]0;pwned\u0007\u001b[31mRED\nsecrets-run: error: forged';
// A terminal could act on any of these, or take one for the start of a line.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

const emu = useEmulator(() =>
  buildSeed({
    prod: {
      '/shared/env': {
        ...Object.fromEntries(DANGEROUS.map((k) => [k, `evil-${k}`])),
        ['__proto__']: 'proto-value',
        constructor: 'ctor-value',
        [EVIL_NAME]: 'evil-name-value',
      },
    },
  }),
);

const envContract = (names: string[]): string =>
  ['dependencies:', ...names.map((n) => `  - {type: environment, env_var: ${JSON.stringify(n)}, required: true}`)].join('\n') + '\n';

describe('dangerous families are refused from Infisical', () => {
  it('none reaches the child, and one warning names them', async () => {
    const r = await runWith(emu(), printEnv(...DANGEROUS), {}, { cwd: makeTree({ 'contract.yaml': envContract(DANGEROUS) }) });
    expect(r.code).toBe(0);
    expect(Object.values(childEnv(r)).every((v) => v === null)).toBe(true);
    expect(ownLines(r.stderr)).toContain(
      `secrets-run: warning: refused ${DANGEROUS.length} keys from Infisical that can take over a process: ${DANGEROUS.join(', ')} (allow with --allow-key)`,
    );
  });

  it('--allow-key lets one name of a prefix family through, not its neighbours', async () => {
    const names = ['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0'];
    const r = await runWith(emu(), ['--allow-key', 'GIT_CONFIG_COUNT', ...printEnv(...names)], {}, { cwd: makeTree({ 'contract.yaml': envContract(names) }) });
    expect(childEnv(r)).toEqual({ GIT_CONFIG_COUNT: 'evil-GIT_CONFIG_COUNT', GIT_CONFIG_KEY_0: null });
  });
});

describe('__proto__ and its kind', () => {
  it('planned by a contract, __proto__ and constructor reach the child as reported', async () => {
    const cwd = makeTree({ 'contract.yaml': envContract(['__proto__', 'constructor']) });
    const r = await runWith(emu(), ['--verbose', '--', 'sh', '-c', 'printenv __proto__; printenv constructor'], {}, { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('proto-value\nctor-value\n');
    expect(r.stderr).toContain('2 keys from Infisical');
    expect(r.stderr).toMatch(/secrets-run: {3}__proto__ +infisical +\/shared\/env\//);
  });

  it('in the config file transports, it is a configuration error naming it (125)', async () => {
    const cwd = makeTree({ '.secrets-run.yaml': 'transports: {__proto__: [A]}\n', 'contract.yaml': contract({ transport: 'mcp' }) });
    const r = await runWith(emu(), ['--', 'true'], {}, { cwd });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("config file .secrets-run.yaml: transports: '__proto__' cannot name a transport");
  });

  it('in --alias and SECRETS_RUN_TRANSPORTS too', async () => {
    const cwd = makeTree({});
    const flag = await runCli(['--alias', 'constructor=db', 'plan'], { cwd });
    expect([flag.code, flag.stderr]).toEqual([125, expect.stringContaining("--alias: 'constructor' cannot name an alias")]);
    const variable = await runCli(['plan'], { cwd, env: { SECRETS_RUN_TRANSPORTS: 'prototype=A' } });
    expect([variable.code, variable.stderr]).toEqual([125, expect.stringContaining("SECRETS_RUN_TRANSPORTS: 'prototype' cannot name a transport")]);
  });
});

describe('escape sequences in key names reach the terminal only escaped', () => {
  const noRawOutput = (text: string): void => {
    expect(text.replace(/\n/g, '')).not.toMatch(RAW);
    expect(text.split('\n').filter((l) => l.startsWith('secrets-run: error: forged'))).toEqual([]);
  };

  it('the verbose table, the missing-key line and the strict failure', async () => {
    const cwd = makeTree({ 'contract.yaml': envContract([EVIL_NAME, 'MISSING\u001b[2J\nsecrets-run: error: forged']) });
    const verbose = await runWith(emu(), ['--verbose', '--', 'true'], {}, { cwd });
    expect(verbose.code).toBe(0);
    noRawOutput(verbose.stderr);
    expect(verbose.stderr).toContain('EVIL\\x1b]0;pwned\\x07\\x1b[31mRED\\nsecrets-run: error: forged');
    expect(verbose.stderr).toContain('MISSING\\x1b[2J\\nsecrets-run: error: forged');
    const strict = await runWith(emu(), ['--require', '--', 'true'], {}, { cwd });
    expect(strict.code).toBe(125);
    noRawOutput(strict.stderr);
  });

  it('the value of such a name still reaches the child under that name', async () => {
    const cwd = makeTree({ 'contract.yaml': envContract([EVIL_NAME]) });
    const r = await runWith(emu(), printEnv(EVIL_NAME), {}, { cwd });
    expect(childEnv(r)).toEqual({ [EVIL_NAME]: 'evil-name-value' });
  });

  it('the plan table and JSON', async () => {
    const cwd = makeTree({ 'contract.yaml': envContract([EVIL_NAME]) });
    const table = await runWith(emu(), ['plan'], {}, { cwd });
    noRawOutput(table.stdout);
    expect(table.stdout).toContain('EVIL\\x1b]0;pwned');
    const json = await runWith(emu(), ['plan', '--format', 'json'], {}, { cwd });
    noRawOutput(json.stdout);
    expect(JSON.parse(json.stdout).keys[0].key).toBe(EVIL_NAME);
  });

  it('a contract problem quoting such a name', async () => {
    const cwd = makeTree({ 'contract.yaml': envContract(['BAD=\u001b[31m\nsecrets-run: error: forged']) });
    const r = await runCli(['--require', '--', 'true'], { cwd });
    expect(r.code).toBe(125);
    noRawOutput(r.stderr);
    expect(r.stderr).toContain("env_var 'BAD=\\x1b[31m\\nsecrets-run: error: forged' is not a usable environment variable name");
  });
});

// The emulator sends only the words of a real server; this one answers the login with words chosen
// to attack the terminal, and with the client secret split by, or spelled through, an escape.
describe('server text is escaped, then redacted', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  const serve = (message: string): Promise<string> =>
    new Promise((resolve) => {
      server = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'Unauthorized\u001b[2J', message }));
        });
      }).listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`));
    });

  it('no control character, no forged line, no secret made whole', async () => {
    const secret = 'hostile-secret-ab\\x1bcd';
    const addr = await serve(`bad \u001b]0;pwned\u0007 hostile-secret-\u001b[0m-split ${'hostile-secret-ab\u001bcd'}\nsecrets-run: error: forged`);
    const env = { INFISICAL_ADDR: addr, INFISICAL_CLIENT_ID: 'id', INFISICAL_CLIENT_SECRET: secret, INFISICAL_PROJECT_ID: 'p' };
    const cwd = makeTree({ 'contract.yaml': contract({ transport: 'mcp' }) });
    const r = await runCli(['--', 'true'], { cwd, env });
    expect(r.code).toBe(0);
    expect(r.stderr.replace(/\n/g, '')).not.toMatch(RAW);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('secrets-run: error: forged'))).toEqual([]);
    expect(r.stderr).toContain('HTTP 401: Unauthorized\\x1b[2J: bad \\x1b]0;pwned\\x07 hostile-secret-\\x1b[0m-split [redacted]\\nsecrets-run: error: forged');
    expect(r.stderr).not.toContain(secret);
  });
});
