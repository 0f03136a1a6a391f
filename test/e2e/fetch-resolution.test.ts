// Issue 3 acceptance, resolution: which folder wins, which source wins, what reaches the child.
// Real bin, real in-process emulator, real child printing its environment.
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  PROJECT_ID,
  buildSeed,
  childEnv,
  contract,
  loginToken,
  ownLines,
  printEnv,
  runWith,
  useEmulator,
} from '../helpers/emulator-env.js';

// mcp → MCP_SERVER_HOST, MCP_SERVER_PORT; filesystem → FS_BASE_PATH; env deps → /…/env/
const emu = useEmulator(
  buildSeed({
    prod: {
      '/services/billing/mcp': { MCP_SERVER_HOST: 'mcp.billing' }, // no MCP_SERVER_PORT here
      '/shared/mcp': { MCP_SERVER_HOST: 'mcp.shared', MCP_SERVER_PORT: '9000', MCP_UNPLANNED: 'mcp-extra' },
      // no /services/billing/filesystem at all
      '/shared/filesystem': { FS_BASE_PATH: '/srv/shared' },
      '/services/billing/env': { API_SIGNING_KEY: 'signing.billing', NUL_IN_SERVICE: 'a\u0000b', NUL_THEN_HIDDEN: 'a\u0000b' },
      '/shared/env': {
        API_SIGNING_KEY: 'signing.shared',
        FEATURE_URL: 'https://flags.shared',
        UNPLANNED_SECRET: 'env-extra',
        INFISICAL_CLIENT_SECRET: 'client-secret-from-infisical',
        INFISICAL_ADDR: 'http://addr-from-infisical.invalid',
        NUL_VALUE: 'before\u0000after',
        NUL_IN_SERVICE: 'from-shared',
        NUL_THEN_HIDDEN: { value: 'unreadable', hidden: true },
      },
    },
    staging: { '/shared/mcp': { MCP_SERVER_HOST: 'mcp.staging', MCP_SERVER_PORT: '9001' } },
    dev: { '/shared/mcp': { MCP_SERVER_HOST: 'mcp.dev', MCP_SERVER_PORT: '9002' } },
  }),
);

const CONTRACTS = {
  'nodes/api/contract.yaml': contract({ transport: 'mcp', handlers: ['filesystem'], env: ['API_SIGNING_KEY', 'FEATURE_URL?'] }),
};
const MCP_ONLY = { 'nodes/api/contract.yaml': contract({ transport: 'mcp' }) };
const KEYS = ['MCP_SERVER_HOST', 'MCP_SERVER_PORT', 'FS_BASE_PATH', 'API_SIGNING_KEY', 'FEATURE_URL'];

describe('folder priority (--service S)', () => {
  const BILLING = {
    MCP_SERVER_HOST: 'mcp.billing', // /services/billing/mcp wins over /shared/mcp
    MCP_SERVER_PORT: '9000', // not in /services/billing/mcp → /shared/mcp
    FS_BASE_PATH: '/srv/shared', // /services/billing/filesystem does not exist → /shared/filesystem
    API_SIGNING_KEY: 'signing.billing', // /services/billing/env before /shared/env
    FEATURE_URL: 'https://flags.shared', // /shared/env
  };

  it('the per-service folder beats shared; shared fills keys the service folder lacks and folders it does not have', async () => {
    const cwd = makeTree(CONTRACTS);
    const r = await runWith(emu(), ['--service', 'billing', ...printEnv(...KEYS)], {}, { cwd });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual(BILLING);
    // The missing folder is simply absent from its root's recursive listing: empty, not an error.
    const stats = emu().stats();
    expect(stats.recursiveByPath).toEqual({ '/services/billing': 1, '/shared': 1 });
    expect(stats.statuses['404']).toBeUndefined();
    expect(r.stderr).not.toMatch(/warning|error/);
  });

  it('the same with --list-each-folder: the missing folder answers 404, which is empty too', async () => {
    const cwd = makeTree(CONTRACTS);
    const r = await runWith(emu(), ['--service', 'billing', '--list-each-folder', ...printEnv(...KEYS)], {}, { cwd });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual(BILLING);
    // The missing folder was asked for and answered 404 SecretPathNotFound: empty, not an error.
    const stats = emu().stats();
    expect(stats.byPath['/services/billing/filesystem']).toBe(1);
    expect(stats.statuses['404']).toBe(1);
    expect(r.stderr).not.toMatch(/warning|error/);
  });

  it('a service with no folders at all falls back to shared for every key, without a warning', async () => {
    const cwd = makeTree(CONTRACTS);
    const shared = {
      MCP_SERVER_HOST: 'mcp.shared',
      MCP_SERVER_PORT: '9000',
      FS_BASE_PATH: '/srv/shared',
      API_SIGNING_KEY: 'signing.shared',
      FEATURE_URL: 'https://flags.shared',
    };
    const summary = /^secrets-run: 5 keys from Infisical \(environment prod, service ghost\) in \d+ ms$/;
    const r = await runWith(emu(), ['--service', 'ghost', ...printEnv(...KEYS)], {}, { cwd });
    expect(childEnv(r)).toEqual(shared);
    expect(emu().stats().statuses['404']).toBe(1); // the root /services/ghost/
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(summary)]);

    emu().resetStats();
    const each = await runWith(emu(), ['--service', 'ghost', '--list-each-folder', ...printEnv(...KEYS)], {}, { cwd });
    expect(childEnv(each)).toEqual(shared);
    expect(emu().stats().statuses['404']).toBe(3); // /services/ghost/{mcp,filesystem,env}
    expect(ownLines(each.stderr)).toEqual([expect.stringMatching(summary)]);
  });

  it('without --service only the shared folders are read', async () => {
    const cwd = makeTree(CONTRACTS);
    const r = await runWith(emu(), printEnv('MCP_SERVER_HOST', 'API_SIGNING_KEY'), {}, { cwd });
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.shared', API_SIGNING_KEY: 'signing.shared' });
    expect(emu().stats().byPath).toEqual({ '/shared': 1 });
    emu().resetStats();
    const each = await runWith(emu(), ['--list-each-folder', ...printEnv('MCP_SERVER_HOST', 'API_SIGNING_KEY')], {}, { cwd });
    expect(childEnv(each)).toEqual({ MCP_SERVER_HOST: 'mcp.shared', API_SIGNING_KEY: 'signing.shared' });
    expect(Object.keys(emu().stats().byPath).sort()).toEqual(['/shared/env', '/shared/filesystem', '/shared/mcp']);
  });
});

describe('precedence: inherited environment > Infisical > env file', () => {
  const tree = () =>
    makeTree({
      ...CONTRACTS,
      '.env': 'MCP_SERVER_HOST=host-from-file\nMCP_SERVER_PORT=port-from-file\nFEATURE_URL=feature-from-file\nFS_BASE_PATH=fs-from-file\n',
    });

  it('a value holding a NUL character reaches no child: left out and named, the next source used; --require stops', async () => {
    const cwd = makeTree({
      'nodes/api/contract.yaml': contract({ transport: 'mcp', env: ['NUL_VALUE', 'FILE_NUL'] }),
      '.env': 'NUL_VALUE=from-file\nFILE_NUL=x\u0000y\nUNPLANNED_NUL=\u0000\n',
    });
    const r = await runWith(emu(), printEnv('NUL_VALUE', 'FILE_NUL', 'UNPLANNED_NUL', 'MCP_SERVER_PORT'), {}, { cwd });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ NUL_VALUE: 'from-file', FILE_NUL: null, UNPLANNED_NUL: null, MCP_SERVER_PORT: '9000' });
    expect(ownLines(r.stderr)).toEqual([
      'secrets-run: warning: left out 3 variables whose value holds a NUL character, which no environment can carry: NUL_VALUE (/shared/env/), FILE_NUL (.env), UNPLANNED_NUL (.env)',
      expect.stringMatching(/^secrets-run: 2 keys from Infisical \(environment prod\) in \d+ ms$/),
    ]);
    const strict = await runWith(emu(), ['--require', ...printEnv('NUL_VALUE')], {}, { cwd });
    expect([strict.code, strict.stdout]).toEqual([125, '']);
    expect(strict.stderr).toContain('NUL_VALUE from /shared/env/: its value holds a NUL character, which no environment variable can carry');
    expect(strict.stderr).toContain('FILE_NUL from .env: its value holds a NUL character');
    expect(strict.stderr).not.toContain('before');
    // The service folder's value passed over: the shared folder is next, not the env file.
    const service = makeTree({ 'nodes/api/contract.yaml': contract({ env: ['NUL_IN_SERVICE'] }), '.env': 'NUL_IN_SERVICE=from-file\n' });
    const s = await runWith(emu(), ['--service', 'billing', ...printEnv('NUL_IN_SERVICE')], {}, { cwd: service });
    expect(childEnv(s)).toEqual({ NUL_IN_SERVICE: 'from-shared' });
    expect(ownLines(s.stderr)[0]).toBe(
      'secrets-run: warning: left out 1 variable whose value holds a NUL character, which no environment can carry: NUL_IN_SERVICE (/services/billing/env/)',
    );
    // Passed over in one folder, hidden in the next: both are said. A recursive listing leaves a
    // sub-folder's hidden value out (docs/decisions.md), so the hidden one is seen folder by folder.
    const both = makeTree({ 'nodes/api/contract.yaml': contract({ env: ['NUL_THEN_HIDDEN'] }) });
    const b = await runWith(emu(), ['--service', 'billing', '--require', '--list-each-folder', ...printEnv('NUL_THEN_HIDDEN')], {}, { cwd: both });
    expect(b.code).toBe(125);
    expect(b.stderr).toContain('NUL_THEN_HIDDEN from /services/billing/env/: its value holds a NUL character');
    expect(b.stderr).toContain('NUL_THEN_HIDDEN is hidden by Infisical in /shared/env/');
    const byRoot = await runWith(emu(), ['--service', 'billing', '--require', ...printEnv('NUL_THEN_HIDDEN')], {}, { cwd: both });
    expect([byRoot.code, byRoot.stdout]).toEqual([125, '']);
    expect(byRoot.stderr).toContain('NUL_THEN_HIDDEN from /services/billing/env/: its value holds a NUL character');
  });

  it('per key: inherited wins, then Infisical, then the env file', async () => {
    const cwd = makeTree({
      'nodes/api/contract.yaml': contract({ transport: 'mcp', env: ['LOCAL_ONLY'] }),
      '.env': 'MCP_SERVER_HOST=host-from-file\nMCP_SERVER_PORT=port-from-file\nLOCAL_ONLY=local-from-file\n',
    });
    const r = await runWith(emu(), printEnv('MCP_SERVER_HOST', 'MCP_SERVER_PORT', 'LOCAL_ONLY'), { MCP_SERVER_HOST: 'host-inherited' }, { cwd });
    expect(childEnv(r)).toEqual({
      MCP_SERVER_HOST: 'host-inherited', // inherited beats Infisical and the file
      MCP_SERVER_PORT: '9000', // Infisical beats the file
      LOCAL_ONLY: 'local-from-file', // in no Infisical folder → the file
    });
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(/^secrets-run: 1 key from Infisical \(environment prod\) in \d+ ms$/)]);
  });

  it('--override makes Infisical win over inherited variables for fetched keys only', async () => {
    const cwd = tree();
    const r = await runWith(
      emu(),
      ['--override', ...printEnv('MCP_SERVER_HOST', 'MCP_SERVER_PORT', 'NOT_PLANNED')],
      { MCP_SERVER_HOST: 'host-inherited', NOT_PLANNED: 'inherited-unplanned' },
      { cwd },
    );
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.shared', MCP_SERVER_PORT: '9000', NOT_PLANNED: 'inherited-unplanned' });
  });

  it('--override keeps an inherited value when Infisical does not have the key', async () => {
    const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ env: ['LOCAL_ONLY'] }) });
    const r = await runWith(emu(), ['--override', ...printEnv('LOCAL_ONLY')], { LOCAL_ONLY: 'inherited' }, { cwd });
    expect(childEnv(r)).toEqual({ LOCAL_ONLY: 'inherited' });
  });

  it('--override never replaces bootstrap variables, even when a contract asks for them and Infisical holds them', async () => {
    const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ env: ['INFISICAL_CLIENT_SECRET', 'INFISICAL_ADDR', 'API_SIGNING_KEY'] }) });
    const r = await runWith(emu(), ['--override', ...printEnv('INFISICAL_CLIENT_SECRET', 'INFISICAL_ADDR', 'API_SIGNING_KEY')], {}, { cwd });
    expect(childEnv(r)).toEqual({ INFISICAL_CLIENT_SECRET: CLIENT_SECRET, INFISICAL_ADDR: emu().url, API_SIGNING_KEY: 'signing.shared' });
  });

  it('bootstrap variables reach the child unchanged by default', async () => {
    const cwd = makeTree(CONTRACTS);
    const token = await loginToken(emu());
    const r = await runWith(
      emu(),
      printEnv('INFISICAL_ADDR', 'INFISICAL_CLIENT_ID', 'INFISICAL_CLIENT_SECRET', 'INFISICAL_PROJECT_ID', 'INFISICAL_TOKEN'),
      { INFISICAL_TOKEN: token },
      { cwd },
    );
    expect(childEnv(r)).toEqual({
      INFISICAL_ADDR: emu().url,
      INFISICAL_CLIENT_ID: CLIENT_ID,
      INFISICAL_CLIENT_SECRET: CLIENT_SECRET,
      INFISICAL_PROJECT_ID: PROJECT_ID,
      INFISICAL_TOKEN: token,
    });
  });

  it('--scrub-bootstrap removes INFISICAL_CLIENT_SECRET and INFISICAL_TOKEN (inherited or from .env), keeps the rest', async () => {
    const token = await loginToken(emu());
    const names = ['INFISICAL_ADDR', 'INFISICAL_CLIENT_ID', 'INFISICAL_CLIENT_SECRET', 'INFISICAL_PROJECT_ID', 'INFISICAL_TOKEN', 'MCP_SERVER_HOST'];
    const inherited = await runWith(emu(), ['--scrub-bootstrap', ...printEnv(...names)], { INFISICAL_TOKEN: token }, { cwd: makeTree(CONTRACTS) });
    expect(childEnv(inherited)).toEqual({
      INFISICAL_ADDR: emu().url,
      INFISICAL_CLIENT_ID: CLIENT_ID,
      INFISICAL_CLIENT_SECRET: null,
      INFISICAL_PROJECT_ID: PROJECT_ID,
      INFISICAL_TOKEN: null,
      MCP_SERVER_HOST: 'mcp.shared', // the fetch itself still used them
    });

    const cwd = makeTree({ ...CONTRACTS, '.env': `INFISICAL_CLIENT_SECRET=${CLIENT_SECRET}\nINFISICAL_TOKEN=${token}\n` });
    const fromFile = await runWith(
      emu(),
      ['--scrub-bootstrap', ...printEnv('INFISICAL_CLIENT_SECRET', 'INFISICAL_TOKEN', 'MCP_SERVER_HOST')],
      { INFISICAL_CLIENT_SECRET: undefined },
      { cwd },
    );
    expect(childEnv(fromFile)).toEqual({ INFISICAL_CLIENT_SECRET: null, INFISICAL_TOKEN: null, MCP_SERVER_HOST: 'mcp.shared' });
  });
});

describe('only planned keys are injected', () => {
  it.each([
    ['its root listed recursively', [], '/shared'],
    ['--list-each-folder', ['--list-each-folder'], '/shared/mcp'],
  ])('secrets that live in a fetched folder but are not in the plan never reach the child (%s)', async (_how, args, fetched) => {
    const cwd = makeTree(CONTRACTS);
    const r = await runWith(emu(), ['--service', 'billing', '--verbose', ...args, ...printEnv('--names')], {}, { cwd });
    const names = JSON.parse(r.stdout) as string[];
    expect(emu().stats().byPath[fetched]).toBe(1); // the folder holding MCP_UNPLANNED was fetched
    expect(names).toEqual(expect.arrayContaining(KEYS));
    expect(names).not.toContain('MCP_UNPLANNED');
    expect(names).not.toContain('UNPLANNED_SECRET');
    expect(r.stderr).not.toContain('UNPLANNED');
  });
});

describe('INFISICAL_TOKEN', () => {
  it('is used as a ready bearer token: no login request', async () => {
    const token = await loginToken(emu());
    emu().resetStats();
    const cwd = makeTree(CONTRACTS);
    const r = await runWith(
      emu(),
      printEnv('MCP_SERVER_HOST', 'FS_BASE_PATH'),
      { INFISICAL_TOKEN: token, INFISICAL_CLIENT_ID: undefined, INFISICAL_CLIENT_SECRET: undefined },
      { cwd },
    );
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.shared', FS_BASE_PATH: '/srv/shared' });
    expect(emu().stats().logins).toBe(0);
    expect(emu().stats().listV4).toBe(1); // the /shared/ root
  });

  it('wins over client id and secret when both are set', async () => {
    const token = await loginToken(emu());
    emu().resetStats();
    const r = await runWith(emu(), printEnv('MCP_SERVER_HOST'), { INFISICAL_TOKEN: token }, { cwd: makeTree(CONTRACTS) });
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.shared' });
    expect(emu().stats().logins).toBe(0);
  });
});

describe('bootstrap variables', () => {
  it('are read from .env when not inherited', async () => {
    const cwd = makeTree({
      ...MCP_ONLY,
      '.env':
        `INFISICAL_ADDR=${emu().url}\nINFISICAL_CLIENT_ID=${CLIENT_ID}\nINFISICAL_CLIENT_SECRET=${CLIENT_SECRET}\n` +
        `INFISICAL_PROJECT_ID=${PROJECT_ID}\nINFISICAL_ENVIRONMENT=dev\n`,
    });
    const r = await runWith(
      emu(),
      printEnv('MCP_SERVER_HOST'),
      { INFISICAL_ADDR: undefined, INFISICAL_CLIENT_ID: undefined, INFISICAL_CLIENT_SECRET: undefined, INFISICAL_PROJECT_ID: undefined },
      { cwd },
    );
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.dev' });
    expect(emu().stats().logins).toBe(1);
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(/^secrets-run: 2 keys from Infisical \(environment dev\) in \d+ ms$/)]);
  });

  it('inherited bootstrap variables win over .env ones', async () => {
    const cwd = makeTree({ ...MCP_ONLY, '.env': 'INFISICAL_CLIENT_SECRET=wrong-secret-in-file\nINFISICAL_ENVIRONMENT=dev\n' });
    const r = await runWith(emu(), printEnv('MCP_SERVER_HOST'), { INFISICAL_ENVIRONMENT: 'staging' }, { cwd });
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.staging' });
    expect(r.stderr).not.toMatch(/warning/);
  });

  it('INFISICAL_API_URL (with or without a trailing /api) and INFISICAL_ENV are aliases', async () => {
    const cwd = makeTree(MCP_ONLY);
    const plain = await runWith(emu(), printEnv('MCP_SERVER_HOST'), { INFISICAL_ADDR: undefined, INFISICAL_API_URL: emu().url, INFISICAL_ENV: 'dev' }, { cwd });
    expect(childEnv(plain)).toEqual({ MCP_SERVER_HOST: 'mcp.dev' });
    const withApi = await runWith(
      emu(),
      printEnv('MCP_SERVER_HOST'),
      { INFISICAL_ADDR: undefined, INFISICAL_API_URL: `${emu().url}/api`, INFISICAL_ENV: 'staging' },
      { cwd },
    );
    expect(childEnv(withApi)).toEqual({ MCP_SERVER_HOST: 'mcp.staging' });
  });

  it('the canonical name beats its alias', async () => {
    const cwd = makeTree(MCP_ONLY);
    const r = await runWith(
      emu(),
      printEnv('MCP_SERVER_HOST'),
      { INFISICAL_API_URL: 'http://127.0.0.1:1', INFISICAL_ENVIRONMENT: 'dev', INFISICAL_ENV: 'staging' },
      { cwd },
    );
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.dev' });
  });

  it('the environment: prod by default, INFISICAL_ENVIRONMENT, and --environment over it', async () => {
    const cwd = makeTree(MCP_ONLY);
    expect(childEnv(await runWith(emu(), printEnv('MCP_SERVER_HOST'), {}, { cwd }))).toEqual({ MCP_SERVER_HOST: 'mcp.shared' });
    expect(childEnv(await runWith(emu(), printEnv('MCP_SERVER_HOST'), { INFISICAL_ENVIRONMENT: 'staging' }, { cwd }))).toEqual({
      MCP_SERVER_HOST: 'mcp.staging',
    });
    const flag = await runWith(emu(), ['--environment', 'dev', ...printEnv('MCP_SERVER_HOST')], { INFISICAL_ENVIRONMENT: 'staging' }, { cwd });
    expect(childEnv(flag)).toEqual({ MCP_SERVER_HOST: 'mcp.dev' });
    expect(ownLines(flag.stderr)).toEqual([expect.stringMatching(/^secrets-run: 2 keys from Infisical \(environment dev\) in \d+ ms$/)]);
  });
});
