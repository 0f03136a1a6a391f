// Issue 16, item 3: `secrets-run export` prints what a run would add to its command's environment
// (Infisical, the offline cache, env files; never the inherited environment unchanged, never a
// bootstrap variable), masked unless --reveal, with a run's strictness.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { bootstrapEnv, buildSeed, contract, infisicalWarnings, runWith, useEmulator } from '../helpers/emulator-env.js';
import { BIN, cleanEnv } from '../helpers/run-cli.js';

// Values that a careless quoting would change on the way back.
const HARD = 'a "quoted" \'value\' # not a comment $HOME ${X} back\\slash \\n é ✓ 🙂\nsecond line';
const PORT = '9000';
const FILE_VALUE = 'from-the-env-file';

const emu = useEmulator(buildSeed({ prod: { '/shared/mcp': { MCP_SERVER_HOST: HARD, MCP_SERVER_PORT: PORT } } }));
const tree = (): string => {
  const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'mcp', env: ['FROM_FILE'] }) });
  writeFileSync(join(cwd, '.env'), `FROM_FILE=${FILE_VALUE}\n`);
  return cwd;
};
const exportCli = (args: string[], env: Record<string, string | undefined> = {}) => runWith(emu(), ['export', ...args], env, { cwd: tree() });
const EXPECTED = { FROM_FILE: FILE_VALUE, MCP_SERVER_HOST: HARD, MCP_SERVER_PORT: PORT };

describe('secrets-run export (real bin)', () => {
  it('masks every value by default, and names only what the run adds', async () => {
    const { code, stdout, stderr } = await exportCli([]);
    expect(code).toBe(0);
    expect(stdout).toBe('FROM_FILE=********\nMCP_SERVER_HOST=********\nMCP_SERVER_PORT=********\n');
    for (const value of Object.values(EXPECTED)) expect(stdout + stderr).not.toContain(value);
  });

  it('masks the json too, and --reveal is the only way to a value', async () => {
    const { code, stdout } = await exportCli(['--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ FROM_FILE: '********', MCP_SERVER_HOST: '********', MCP_SERVER_PORT: '********' });
  });

  it('--reveal: the dotenv output reads back exactly through the dotenv package, with no warning off a terminal', async () => {
    const { code, stdout, stderr } = await exportCli(['--reveal']);
    expect(code).toBe(0);
    expect(parse(stdout)).toEqual(EXPECTED);
    expect(stderr).not.toMatch(/reveal/);
  });

  it('--reveal --format json reads back exactly', async () => {
    const { code, stdout } = await exportCli(['--reveal', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });

  it('leaves out an inherited variable the run does not change, and keeps one it overrides (--override)', async () => {
    const same = await exportCli(['--reveal', '--format', 'json'], { MCP_SERVER_PORT: PORT });
    expect(Object.keys(JSON.parse(same.stdout))).toEqual(['FROM_FILE', 'MCP_SERVER_HOST']);
    const changed = await exportCli(['--reveal', '--format', 'json', '--override'], { MCP_SERVER_PORT: '1' });
    expect(JSON.parse(changed.stdout).MCP_SERVER_PORT).toBe(PORT);
  });

  it('lenient: Infisical failing is one warning, and what is known is still exported', async () => {
    emu().setFaults({ status5xx: { route: 'list', secretPath: '/shared' } });
    const { code, stdout, stderr } = await exportCli(['--format', 'json']);
    expect(code).toBe(0);
    expect(infisicalWarnings(stderr)).toHaveLength(1);
    expect(Object.keys(JSON.parse(stdout))).toEqual(['FROM_FILE']);
  });

  it('strict (--require): the same failure exits 125 and prints nothing on stdout', async () => {
    emu().setFaults({ status5xx: { route: 'list', secretPath: '/shared' } });
    const { code, stdout, stderr } = await exportCli(['--require', '--reveal']);
    expect(code).toBe(125);
    expect(stdout).toBe('');
    expect(stderr).not.toContain(FILE_VALUE);
  });

  it('rejects an unknown format, and options of other commands', async () => {
    expect((await exportCli(['--format', 'table'])).code).toBe(125);
    expect((await exportCli(['--offline'])).code).toBe(125);
    expect((await exportCli(['--', 'node'])).code).toBe(125);
  });
});

// `script` gives the bin a terminal for stdout (and stderr, merged into the same screen).
const SCRIPT = await new Promise<string | undefined>((resolve) =>
  execFile('script', ['--version'], (error) => resolve(error ? 'script (util-linux) is not installed' : undefined)),
);

describe.skipIf(SCRIPT !== undefined)('export --reveal on a terminal', () => {
  it('warns once that values are printed on the terminal', async () => {
    const env = cleanEnv({ ...bootstrapEnv(emu()) });
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} export --reveal`;
    const screen = await new Promise<string>((resolve, reject) =>
      execFile('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: tree(), env }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(screen.match(/--reveal prints secret values on this terminal/g)).toHaveLength(1);
    expect(screen).toContain('MCP_SERVER_PORT=');
  });
});
