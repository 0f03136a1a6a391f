// Issue 6, response edge cases and dangerous names: real bin, real emulator, real child.
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { buildSeed, childEnv, contract, ownLines, printEnv, runWith, useEmulator, type Seed } from '../helpers/emulator-env.js';

const TRICKY = {
  MULTILINE: 'line one\nline two\r\n\tindented',
  UNICODE: 'ünïcödé €𝄞 日本語',
  EQUALS: 'a=b==c=',
  QUOTES: `"double" 'single' \`back\``,
  EMPTY: '',
  // ${NAME} is Infisical's own reference syntax, expanded on the server; an unknown name stays literal.
  SHELLISH: '$HOME ${NO_SUCH_SECRET} $(rm -rf /) `id`',
};

const seed = (): Seed => {
  const big: Record<string, string> = {};
  for (let i = 0; i < 10_000; i++) big[`BIG_${String(i).padStart(5, '0')}`] = `value-${i}`;
  const s = buildSeed({
    prod: {
      '/shared/env': {
        ...TRICKY,
        'not-an-env-name': 'x',
        'has=equals': 'y',
        'spaces in name': 'z',
        HIDDEN_KEY: { value: 'you-may-not-read-this', hidden: true },
        NODE_OPTIONS: '--require /tmp/evil.js',
        LD_PRELOAD: '/tmp/evil.so',
        PATH: '/tmp/evil-bin',
      },
      '/services/big/env': big,
      '/services/layers/env': { LOCAL_WINS: 'local' },
      '/shared/first': { LOCAL_WINS: 'first', LATER_WINS: 'first', ONLY_FIRST: 'first' },
      '/shared/second': { LATER_WINS: 'second' },
    },
  });
  const env = s.projects['e2e-project']!.environments['prod']!;
  env.folders!['/services/layers/env']!.imports = [
    { environment: 'prod', path: '/shared/first' },
    { environment: 'prod', path: '/shared/second' },
  ];
  return s;
};
const emu = useEmulator(seed);

const tree = (env: string[]) => makeTree({ 'contract.yaml': contract({ env }) });

describe('response edge cases', () => {
  it('values with newlines, unicode, =, quotes, $ and the empty string arrive exactly', async () => {
    const names = Object.keys(TRICKY);
    const r = await runWith(emu(), printEnv(...names), {}, { cwd: tree(names) });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual(TRICKY);
  });

  it('a folder of 10,000 secrets: the planned keys are taken, the rest is not injected', async () => {
    const r = await runWith(emu(), ['--service', 'big', ...printEnv('BIG_00000', 'BIG_09999', 'BIG_05000')], {}, { cwd: tree(['BIG_00000', 'BIG_09999']) });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ BIG_00000: 'value-0', BIG_09999: 'value-9999', BIG_05000: null });
  });

  it('keys that are not valid environment names in a response are ignored, not a crash', async () => {
    const r = await runWith(emu(), ['--verbose', ...printEnv('EQUALS')], {}, { cwd: tree(['EQUALS']) });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ EQUALS: TRICKY.EQUALS });
    expect(r.stderr).not.toMatch(/not-an-env-name|has=equals|spaces in name/);
  });

  // A folder listing returns a hidden value masked; a recursive listing of the root leaves a
  // sub-folder's out (docs/decisions.md), so the warning is seen with --list-each-folder.
  it('a hidden value (<hidden-by-infisical>) is never injected: a warning, and 125 in strict mode (--list-each-folder)', async () => {
    const cwd = tree(['HIDDEN_KEY']);
    const lenient = await runWith(emu(), ['--list-each-folder', ...printEnv('HIDDEN_KEY')], {}, { cwd });
    expect(lenient.code).toBe(0);
    expect(childEnv(lenient)).toEqual({ HIDDEN_KEY: null });
    expect(ownLines(lenient.stderr)).toContain('secrets-run: warning: 1 key hidden by Infisical (no permission to read the value) (--verbose names them)');
    expect(lenient.stderr).not.toContain('<hidden-by-infisical>');
    const strict = await runWith(emu(), ['--require', '--list-each-folder', ...printEnv('HIDDEN_KEY')], {}, { cwd });
    expect(strict.code).toBe(125);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain('HIDDEN_KEY is hidden by Infisical in /shared/env/: this identity may not read its value');
  });

  it('a hidden value left out of a recursive listing is never injected either, nor its mask printed', async () => {
    const r = await runWith(emu(), printEnv('HIDDEN_KEY'), {}, { cwd: tree(['HIDDEN_KEY']) });
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ HIDDEN_KEY: null });
    expect(r.stderr).not.toContain('<hidden-by-infisical>');
    expect(r.stderr).not.toContain('you-may-not-read-this');
  });

  it("imports: the folder's own secret wins, then the later import over the earlier one", async () => {
    const r = await runWith(
      emu(),
      ['--service', 'layers', ...printEnv('LOCAL_WINS', 'LATER_WINS', 'ONLY_FIRST')],
      {},
      { cwd: tree(['LOCAL_WINS', 'LATER_WINS', 'ONLY_FIRST']) },
    );
    expect(childEnv(r)).toEqual({ LOCAL_WINS: 'local', LATER_WINS: 'second', ONLY_FIRST: 'first' });
  });
});

describe('a mistyped environment', () => {
  // Two planned folders (/shared/mcp/, /shared/env/): one recursive listing of /shared/, which the
  // server answers 404 "Environment with slug ... not found"; one by one, each folder's own 404.
  it.each([
    ['one listing of the root', [], { '/shared': 1 }],
    ['--list-each-folder', ['--list-each-folder'], { '/shared/env': 1, '/shared/mcp': 1 }],
  ])('says no folder exists there, instead of a quiet run with nothing in it (%s)', async (_how, args, byPath) => {
    const r = await runWith(
      emu(),
      [...args, ...printEnv('EQUALS')],
      { INFISICAL_ENVIRONMENT: 'prodd' },
      { cwd: makeTree({ 'contract.yaml': contract({ transport: 'mcp', env: ['EQUALS'] }) }) },
    );
    expect(r.code).toBe(0);
    expect(ownLines(r.stderr)).toContain(
      "secrets-run: warning: Infisical: none of the 2 folders exists in environment 'prodd' (check --environment or INFISICAL_ENVIRONMENT); starting without those secrets",
    );
    expect(emu().stats().byPath).toEqual(byPath);
    expect(emu().stats().statuses['404']).toBe(Object.keys(byPath).length);
  });
});

describe('dangerous names: a secrets server must not take over the process', () => {
  const names = ['NODE_OPTIONS', 'LD_PRELOAD', 'PATH'];

  it('are refused from Infisical by default, with one warning naming those that would have won', async () => {
    const r = await runWith(emu(), printEnv(...names), {}, { cwd: tree(names) });
    expect(r.code).toBe(0);
    const env = childEnv(r);
    expect(env['NODE_OPTIONS']).toBeNull();
    expect(env['LD_PRELOAD']).toBeNull();
    expect(env['PATH']).not.toBe('/tmp/evil-bin'); // the inherited PATH stays
    expect(ownLines(r.stderr)).toContain(
      'secrets-run: warning: refused 2 keys from Infisical that can take over a process: NODE_OPTIONS, LD_PRELOAD (allow with --allow-key)',
    );
  });

  it('--override cannot bring a dangerous key back either', async () => {
    const r = await runWith(emu(), ['--override', ...printEnv('PATH')], {}, { cwd: tree(['PATH']) });
    expect(childEnv(r)['PATH']).not.toBe('/tmp/evil-bin');
    expect(r.stderr).toContain('refused 1 key from Infisical that can take over a process: PATH');
  });

  it('are refused with 125 in strict mode, before the command starts', async () => {
    const r = await runWith(emu(), ['--require', ...printEnv(...names)], {}, { cwd: tree(names) });
    expect(r.code).toBe(125);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('NODE_OPTIONS from Infisical (/shared/env/) was refused: it can take over the process (allow it with --allow-key NODE_OPTIONS)');
  });

  it('--allow-key (or SECRETS_RUN_ALLOW_KEYS, or allowKeys in the config) lets named keys through', async () => {
    const cwd = tree(['NODE_OPTIONS', 'LD_PRELOAD']);
    const flag = await runWith(emu(), ['--allow-key', 'LD_PRELOAD', ...printEnv('NODE_OPTIONS', 'LD_PRELOAD')], {}, { cwd });
    expect(childEnv(flag)).toEqual({ NODE_OPTIONS: null, LD_PRELOAD: '/tmp/evil.so' });
    // The child is a shell: a node child would try to load /tmp/evil.js.
    const variable = await runWith(emu(), ['--', 'sh', '-c', 'printf %s "$NODE_OPTIONS"'], { SECRETS_RUN_ALLOW_KEYS: 'NODE_OPTIONS' }, { cwd });
    expect(variable.stdout).toBe('--require /tmp/evil.js');
    const config = makeTree({ 'contract.yaml': contract({ env: ['NODE_OPTIONS'] }), '.secrets-run.yaml': 'allowKeys: [NODE_OPTIONS]\n' });
    const fromConfig = await runWith(emu(), ['--', 'sh', '-c', 'printf %s "$NODE_OPTIONS"'], {}, { cwd: config });
    expect(fromConfig.stdout).toBe('--require /tmp/evil.js');
  });

  it('the environment and env files, which the operator controls, may still set them', async () => {
    const cwd = makeTree({ 'contract.yaml': contract({ env: ['NODE_OPTIONS'] }), '.env': 'NODE_OPTIONS=--max-old-space-size=256\n' });
    const r = await runWith(emu(), printEnv('NODE_OPTIONS'), {}, { cwd });
    expect(childEnv(r)['NODE_OPTIONS']).toBe('--max-old-space-size=256');
  });
});
