import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/parse-args.js';
import { quickArgs } from '../../../src/cli/quick-args.js';
import { isSecretsRunError } from '../../../src/errors.js';

const usage = (argv: string[]): string => {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(isSecretsRunError(error) && error.code).toBe('USAGE');
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('argument parsing', () => {
  it("everything after -- is the child's, flags included", () => {
    expect(parseArgs(['--service', 'api', '--', 'node', '--env-file', 'x', '-e', '1', '--', 'y'])).toEqual({
      command: { kind: 'run', file: 'node', args: ['--env-file', 'x', '-e', '1', '--', 'y'] },
      flags: expect.objectContaining({ service: 'api' }),
    });
  });

  it('the first non-option starts the command, even without --', () => {
    expect(parseArgs(['--verbose', 'node', '-e', 'x']).command).toEqual({ kind: 'run', file: 'node', args: ['-e', 'x'] });
  });

  it('plan is a subcommand, but not after --', () => {
    expect(parseArgs(['--service', 's', 'plan', '--format', 'json', '--offline'])).toEqual({
      command: { kind: 'plan' },
      flags: expect.objectContaining({ service: 's', format: 'json', offline: true }),
    });
    expect(parseArgs(['--', 'plan', '--format']).command).toEqual({ kind: 'run', file: 'plan', args: ['--format'] });
  });

  it('repeatable --env-file keeps order; --no-env-file turns files off', () => {
    expect(parseArgs(['--env-file', 'a.env', '--env-file=b.env', '--', 'x']).flags.envFiles).toEqual(['a.env', 'b.env']);
    expect(parseArgs(['--no-env-file', '--', 'x']).flags).toMatchObject({ noEnvFile: true, envFiles: undefined });
    expect(usage(['--env-file', 'a', '--no-env-file', 'x'])).toMatch(/either/);
  });

  it('parses transports and aliases', () => {
    const { flags } = parseArgs(['--transport', 'db=POSTGRES_DSN, POSTGRES_POOL', '--alias', 'timescale=db', '--', 'x']);
    expect(flags.transports).toEqual({ db: ['POSTGRES_DSN', 'POSTGRES_POOL'] });
    expect(flags.aliases).toEqual({ timescale: 'db' });
    expect(usage(['--alias', 'nope', 'x'])).toMatch(/NAME=SLUG/);
    expect(usage(['--transport', '=A', 'x'])).toMatch(/SLUG=KEY/);
  });

  it('--command runs a shell string and takes nothing else', () => {
    expect(parseArgs(['--command', 'echo $HOME']).command).toEqual({ kind: 'shell', script: 'echo $HOME' });
    expect(usage(['--command', 'echo', 'extra'])).toMatch(/one string/);
  });

  it('rejects unknown options, missing values and misplaced plan options', () => {
    expect(usage(['--bogus', 'x'])).toBe('unknown option --bogus');
    expect(usage(['-z', 'x'])).toBe('unknown option -z');
    expect(usage(['--no-such-flag', 'x'])).toBe('unknown option --no-such-flag');
    expect(usage(['--service'])).toBe('--service needs a value');
    expect(usage(['--service', '--', 'x'])).toBe('--service needs a value');
    expect(usage(['--format', 'json', '--', 'x'])).toMatch(/option of 'secrets-run plan'/);
    expect(usage(['plan', 'extra'])).toMatch(/plan takes no command/);
    expect(usage(['plan', '--command', 'echo hi'])).toBe('plan takes no command, but got --command');
    expect(usage(['--command', 'echo hi', 'plan'])).toBe('plan takes no command, but got --command');
    expect(usage([])).toMatch(/no command given/);
    expect(usage(['--'])).toMatch(/no command given/);
  });

  it('an option of another command names the command it belongs to, whichever command it is given to', () => {
    expect(usage(['--execute', '--', 'x'])).toBe("--execute is an option of 'secrets-run seed'");
    expect(usage(['plan', '--execute'])).toBe("--execute is an option of 'secrets-run seed', not of 'plan'");
    expect(usage(['provision', '--import-env', 'a.env'])).toBe("--import-env is an option of 'secrets-run seed', not of 'provision'");
    expect(usage(['seed', '--project', 'x'])).toBe("--project is an option of 'secrets-run provision', not of 'seed'");
    expect(usage(['export', '--offline'])).toBe("--offline is an option of 'secrets-run plan', not of 'export'");
    expect(usage(['--dry-run', 'plan'])).toBe("--dry-run is an option of 'secrets-run seed' and 'secrets-run provision', not of 'plan'");
    expect(usage(['seed', 'extra'])).toMatch(/seed takes no command/);
  });

  it('seed and provision take their own options before or after the word, and a program by that name runs after --', () => {
    expect(parseArgs(['seed', '--execute', '--import-env', 'a.env', '--import-env', 'b.env'])).toMatchObject({
      command: { kind: 'seed' },
      flags: { execute: true, importEnv: ['a.env', 'b.env'] },
    });
    expect(parseArgs(['--service', 'api', 'provision', '--role', 'viewer'])).toMatchObject({
      command: { kind: 'provision' },
      flags: { service: 'api', role: 'viewer' },
    });
    expect(parseArgs(['--', 'seed', '--execute'])).toMatchObject({ command: { kind: 'run', file: 'seed', args: ['--execute'] } });
    expect(quickArgs(['seed'])).toBeUndefined();
    expect(quickArgs(['provision'])).toBeUndefined();
  });

  it('short flags and negations', () => {
    expect(parseArgs(['-q', 'x']).flags.quiet).toBe(true);
    expect(parseArgs(['-v', 'x']).flags.verbose).toBe(true);
    expect(parseArgs(['--no-require', 'x']).flags.require).toBe(false);
    expect(parseArgs(['-h']).command).toEqual({ kind: 'help' });
    expect(parseArgs(['-V']).command).toEqual({ kind: 'version' });
    expect(parseArgs(['plan', '--help']).command).toEqual({ kind: 'help', topic: 'plan' });
  });

  it('a switch takes no value, or exactly =true / =false: --require=yes must not turn strict mode off', () => {
    expect(usage(['--require=yes', '--', 'x'])).toBe("--require takes no value, but got '--require=yes'");
    expect(usage(['--require=1', 'x'])).toMatch(/--require takes no value/);
    expect(usage(['--no-require=true', 'x'])).toBe("--no-require takes no value, but got '--no-require=true'");
    expect(usage(['--no-env-file=yes', 'x'])).toMatch(/--no-env-file takes no value/);
    expect(usage(['-q=1', 'x'])).toBe("-q takes no value, but got '-q=1'");
    expect(usage(['-vq=yes', 'x'])).toBe("-vq takes no value, but got '-vq=yes'");
    expect(usage(['plan', '--offline=no'])).toMatch(/--offline takes no value/);
    expect(parseArgs(['--require=true', 'x']).flags.require).toBe(true);
    expect(parseArgs(['--override=false', 'x']).flags.override).toBe(false);
    // The child's own flags are the child's.
    expect(parseArgs(['--', 'x', '--require=yes']).command).toEqual({ kind: 'run', file: 'x', args: ['--require=yes'] });
    expect(parseArgs(['x', '--quiet=no']).command).toEqual({ kind: 'run', file: 'x', args: ['--quiet=no'] });
  });

  it('a repeatable option without a value is an error, not an empty list, even after one with a value', () => {
    for (const name of ['contracts', 'env-file', 'transport', 'alias', 'allow-key']) {
      expect(usage([`--${name}`, '--', 'x'])).toBe(`--${name} needs a value`);
      expect(usage([`--${name}`])).toBe(`--${name} needs a value`);
      expect(usage([`--${name}`, 'a=b', `--${name}`, '--', 'x'])).toBe(`--${name} needs a value`);
      expect(usage([`--${name}`, '--quiet', 'x'])).toBe(
        `--${name} needs a value, but '--quiet' is read as an option: write --${name}=--quiet for a value that starts with '-'`,
      );
    }
  });

  it('a switch followed by true or false is said to be ambiguous, never guessed', () => {
    // From `--require $STRICT -- cmd`: taken as the command, `true -- cmd` would run and cmd never.
    expect(usage(['--require', 'true', '--', 'cmd'])).toBe(
      "--require takes no value, but is followed by 'true': write --require=true, or put the command after --",
    );
    expect(usage(['-q', 'false'])).toMatch(/^-q takes no value, but is followed by 'false'/);
    expect(usage(['--no-require', 'true'])).toMatch(/^--no-require takes no value, but is followed by 'true'/);
    expect(parseArgs(['--require', '--', 'true'])).toEqual({
      command: { kind: 'run', file: 'true', args: [] },
      flags: expect.objectContaining({ require: true }),
    });
    expect(parseArgs(['--require=false', '--', 'cmd']).flags.require).toBe(false);
    expect(parseArgs(['-qv', 'x', 'true']).command).toEqual({ kind: 'run', file: 'x', args: ['true'] });
    expect(parseArgs(['--no-env-file', '--', 'false']).flags).toMatchObject({ noEnvFile: true });
  });

  it('a value that starts with - is written with =', () => {
    expect(usage(['--timeout', '-1', 'x'])).toBe("--timeout needs a value, but '-1' is read as an option: write --timeout=-1 for a value that starts with '-'");
    expect(parseArgs(['--timeout=-1', 'x']).flags.timeout).toBe('-1'); // then refused by the settings, naming it
    expect(usage(['--env-file', '-', 'x'])).toMatch(/^--env-file needs a value, but '-' is read as an option/);
    expect(parseArgs(['--env-file=-', 'x']).flags.envFiles).toEqual(['-']);
  });

  it('an empty command is not found (127), as a shell says', () => {
    try {
      parseArgs(['--', '']);
      throw new Error('expected failure');
    } catch (error) {
      expect(isSecretsRunError(error) && [error.code, error.exitCode, error.message]).toEqual([
        'COMMAND_NOT_FOUND',
        127,
        "command not found: '' (the command is an empty string)",
      ]);
    }
  });

  it('a flag given twice keeps the last value', () => {
    expect(parseArgs(['--service', 'a', '--service', 'b', 'x']).flags.service).toBe('b');
  });
});

// The plain shapes skip yargs-parser; whatever quickArgs answers must be exactly parseArgs' answer.
describe('quickArgs, the fast path for plain command lines', () => {
  const outcome = (argv: string[]): unknown => {
    try {
      return parseArgs(argv);
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  it.each([
    [['--', 'node', 'server.js']],
    [['node', 'server.js', '--port', '3000']],
    [['--', '--weird-name', '-x']],
    [['--', 'plan']],
    [['npm', 'run', '--', 'dev']],
    [['-q', 'node']],
    [['--verbose', '--', 'x']],
    [['--service', 'bench-api', '--require', '--quiet', '--', 'true']],
    [['--env-file', 'a.env', '--env-file=b.env', '--timeout', '30', '--require=false', 'node', 'x']],
    [['--service', 'a', '--service', 'b', '--', 'x']],
    [['--contracts', 'nodes', '--watch', '--stop-signal', 'SIGINT', '--', 'x']],
  ])('%j takes the fast path and matches parseArgs', (argv) => {
    const quick = quickArgs(argv);
    expect(quick).toBeDefined();
    expect(quick).toEqual(outcome(argv));
  });

  it.each([
    [[]],
    [['--']],
    [['plan']],
    [['-']],
    [['']],
    [['--', '']],
    [['--service', 'api', 'plan']],
    [['-vq', 'x']],
    [['--no-env-file', 'x']],
    [['--require', 'true', 'x']],
    [['--service', '-x', 'x']],
    [['--service="api"', 'x']],
    [['--offline', 'x']],
    [['--mask', 'x']],
    [['--help']],
    [['-c', 'echo hi']],
  ])('%j goes to parseArgs', (argv) => {
    expect(quickArgs(argv)).toBeUndefined();
  });

  it('never disagrees with parseArgs on arbitrary command lines', () => {
    const word = fc.oneof(
      fc.constantFrom(
        '--',
        '-',
        '',
        'plan',
        'cache',
        'clear',
        'node',
        'true',
        'false',
        'api',
        '.env',
        'x=y',
        '30',
        '"q"',
        "'q'",
        '-x',
        '-q',
        '-v',
        '-e',
        '-h',
        '-c',
        '-vq',
        '--verbose',
        '--quiet',
        '--require',
        '--require=true',
        '--require=false',
        '--require=yes',
        '--no-require',
        '--service',
        '--service=',
        '--service=api',
        '--service=-x',
        '--env-file',
        '--env-file=.env',
        '--no-env-file',
        '--contracts',
        '--timeout',
        '--timeout=30',
        '--watch',
        '--mask',
        '--mask=github',
        '--stop-signal',
        '--allow-key',
        '--transport',
        '--alias',
        '--config',
        '--offline',
        '--help',
        '--no-such',
        '--command',
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 7 }), (argv) => {
        const quick = quickArgs(argv);
        if (quick !== undefined) expect(quick).toEqual(outcome(argv));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes most plain command lines', () => {
    // The fuzz above would pass with a fast path that never answers: this one must answer these.
    const flags = ['--service=api', '--require', '-q', '--env-file', '.env', '--timeout', '30'];
    let taken = 0;
    for (let n = 0; n < 64; n++) {
      const argv = [...flags.slice(0, n % flags.length), '--', 'node', String(n)];
      if (quickArgs(argv) !== undefined) taken++;
    }
    expect(taken).toBeGreaterThan(40);
  });
});
