// Issue 18, item 3: `${VAR}` in env files is expanded as Docker Compose and dotenv-cli expand it;
// values from Infisical and the inherited environment never are; --no-expand reads files as written.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSeed, childEnv, contract, printEnv, runWith, useEmulator } from '../helpers/emulator-env.js';
import { CHILDREN, cleanEnv, ROOT, runCli } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

const FILE = [
  'HOST=db.internal',
  'PORT=5432',
  'URL=postgres://${DB_USER:-app}@${HOST}:$PORT/main',
  'GREETING="hello ${NAME}"',
  "LITERAL='${HOST} stays'",
  'ALT=${HOST:+set}',
  'FROM_SHELL=${SHELL_ONLY}',
  'COPY_OF_WEIRD=${WEIRD}',
  '',
].join('\n');
const NAMES = ['URL', 'GREETING', 'LITERAL', 'ALT', 'FROM_SHELL', 'COPY_OF_WEIRD', 'WEIRD'];
const INHERITED = { NAME: 'world', SHELL_ONLY: 'from-the-shell', WEIRD: 'keeps $HOST and ${PORT}' };

const emu = useEmulator(buildSeed({ prod: { '/shared/db': { POSTGRES_HOST: 'pg-$HOST-${NOPE}x' } } }));

describe('env-file expansion (real bin)', () => {
  it('expands each form, from the inherited environment first, and never expands an inherited value', async () => {
    const cwd = makeTree({ '.env': FILE });
    const result = await runCli(printEnv(...NAMES), { cwd, env: INHERITED });
    expect(childEnv(result)).toEqual({
      URL: 'postgres://app@db.internal:5432/main',
      GREETING: 'hello world',
      LITERAL: '${HOST} stays',
      ALT: 'set',
      FROM_SHELL: 'from-the-shell',
      COPY_OF_WEIRD: 'keeps $HOST and ${PORT}',
      WEIRD: 'keeps $HOST and ${PORT}',
    });
  });

  it('gives what dotenv-cli gives for the forms both read', () => {
    const cwd = makeTree({
      '.env': FILE.split('\n')
        .filter((l) => !l.startsWith('LITERAL'))
        .join('\n'),
    });
    const names = NAMES.filter((n) => n !== 'LITERAL');
    const ours = spawnSync(`${ROOT}bin/secrets-run.js`, ['--', process.execPath, join(CHILDREN, 'print-env.js'), ...names], {
      cwd,
      env: cleanEnv(INHERITED),
      encoding: 'utf8',
    });
    // dotenv-cli's own entry point: node_modules/.bin/dotenv may be the dotenv package's other CLI.
    const theirs = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/dotenv-cli/cli.js'), '-e', '.env', '--', process.execPath, join(CHILDREN, 'print-env.js'), ...names],
      {
        cwd,
        env: cleanEnv(INHERITED),
        encoding: 'utf8',
      },
    );
    expect(theirs.status, theirs.stderr).toBe(0);
    const [mine, cli] = [JSON.parse(ours.stdout) as Record<string, string>, JSON.parse(theirs.stdout) as Record<string, string>];
    // Where they differ, by design: dotenv-cli (dotenv-expand) scans a substituted value again, so
    // it even rewrites an inherited variable holding a `$`; secrets-run never expands one.
    expect(cli['WEIRD']).toBe('keeps db.internal and 5432');
    expect(mine['WEIRD']).toBe(INHERITED.WEIRD);
    for (const name of ['WEIRD', 'COPY_OF_WEIRD']) {
      delete mine[name];
      delete cli[name];
    }
    expect(mine).toEqual(cli);
  });

  it('--no-expand (and SECRETS_RUN_NO_EXPAND) reads the file as written', async () => {
    const cwd = makeTree({ '.env': FILE });
    for (const run of [runCli(['--no-expand', ...printEnv('URL')], { cwd }), runCli(printEnv('URL'), { cwd, env: { SECRETS_RUN_NO_EXPAND: '1' } })])
      expect(childEnv(await run)).toEqual({ URL: 'postgres://${DB_USER:-app}@${HOST}:$PORT/main' });
  });

  it("never expands a value from Infisical, nor one it references from the env file's", async () => {
    const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'db' }) });
    writeFileSync(join(cwd, '.env'), 'HOST=file-host\nFROM_INFISICAL=${POSTGRES_HOST}\n');
    const result = await runWith(emu(), printEnv('POSTGRES_HOST', 'FROM_INFISICAL'), {}, { cwd });
    // Infisical's value reaches the command as the server sent it; the env file cannot see it (it is
    // read before Infisical is asked).
    expect(childEnv(result)).toEqual({ POSTGRES_HOST: 'pg-$HOST-${NOPE}x', FROM_INFISICAL: '' });
  });
});
