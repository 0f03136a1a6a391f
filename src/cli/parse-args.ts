import parser from 'yargs-parser';
import { EXIT_NOT_FOUND, SecretsRunError, usageError } from '../errors.js';
import { OPTIONS, PLAN_ONLY, type Flags } from '../settings/options.js';

export type { Flags };

export type Command =
  | { kind: 'run'; file: string; args: string[] }
  | { kind: 'shell'; script: string }
  | { kind: 'plan' }
  | { kind: 'help' }
  | { kind: 'version' };

export interface ParsedArgs {
  command: Command;
  flags: Flags;
}

const PARSER_OPTIONS: parser.Options = {
  string: OPTIONS.filter((o) => o.type !== 'boolean').map((o) => o.name),
  boolean: OPTIONS.filter((o) => o.type === 'boolean' && !o.name.startsWith('no-')).map((o) => o.name),
  array: OPTIONS.filter((o) => o.type === 'array').map((o) => o.name),
  alias: Object.fromEntries(OPTIONS.filter((o) => o.short).map((o) => [o.name, [o.short!]])),
  configuration: {
    // Everything from the first non-option on is the child's, flags included.
    'halt-at-non-option': true,
    'populate--': true,
    'camel-case-expansion': false,
    'dot-notation': false,
    'parse-numbers': false,
    'parse-positional-numbers': false,
    'strip-aliased': true,
    'greedy-arrays': false,
    'boolean-negation': true,
    'duplicate-arguments-array': true,
    'flatten-duplicate-arrays': true,
  },
};

const KNOWN: ReadonlySet<string> = new Set(['_', '--', ...OPTIONS.map((o) => o.name)]);

const last = <T>(value: T | T[]): T => (Array.isArray(value) ? value[value.length - 1]! : value);

const stringFlag = (raw: Record<string, unknown>, name: string): string | undefined => {
  if (!(name in raw)) return undefined;
  const value = last(raw[name]);
  if (typeof value !== 'string' || value === '') throw usageError(`--${name} needs a value`);
  return value;
};

const booleanFlag = (raw: Record<string, unknown>, name: string): boolean | undefined => {
  if (!(name in raw)) return undefined;
  const value = last(raw[name]);
  if (typeof value !== 'boolean') throw usageError(`--${name} takes no value`);
  return value;
};

const arrayFlag = (raw: Record<string, unknown>, name: string): string[] | undefined => {
  if (!(name in raw)) return undefined;
  const values = ([] as unknown[]).concat(raw[name]);
  return values.map((value) => {
    if (typeof value !== 'string' || value === '') throw usageError(`--${name} needs a value`);
    return value;
  });
};

// "db=KEY_A,KEY_B" → ["db", ["KEY_A", "KEY_B"]]
export const parseTransportSpec = (spec: string, origin: string): [string, string[]] => {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw usageError(`${origin}: expected SLUG=KEY,KEY... but got '${spec}'`);
  const keys = spec.slice(eq + 1).split(',').map((k) => k.trim()).filter((k) => k !== '');
  return [spec.slice(0, eq).trim(), keys];
};

// "timescale=db" → ["timescale", "db"]
export const parseAliasSpec = (spec: string, origin: string): [string, string] => {
  const eq = spec.indexOf('=');
  const name = spec.slice(0, eq).trim();
  const target = spec.slice(eq + 1).trim();
  if (eq <= 0 || name === '' || target === '') throw usageError(`${origin}: expected NAME=SLUG but got '${spec}'`);
  return [name, target];
};

interface Words {
  raw: Record<string, unknown>;
  rest: string[]; // the command and its arguments, untouched
  afterSeparator: boolean; // the rest followed an explicit `--`
}

const SWITCHES: ReadonlySet<string> = new Set(OPTIONS.filter((o) => o.type === 'boolean').map((o) => o.name));
const SHORT_SWITCHES: ReadonlySet<string> = new Set(OPTIONS.filter((o) => o.type === 'boolean' && o.short).map((o) => o.short!));
const TAKES_VALUE: ReadonlySet<string> = new Set(OPTIONS.filter((o) => o.type !== 'boolean').map((o) => o.name));

// Our own words, before the command, made unambiguous for yargs-parser, one word for one word (the
// caller finds the command by position). yargs-parser lets a switch take a following true or false
// as its value, and reads `--require=yes` as false (a flag written to turn strict mode on would turn
// it off without a word): a switch becomes `--name=true`, given a value it must be exactly =true or
// =false, and followed by the word true or false it is refused. An option that takes a value and has
// none (`--env-file --`, last, or before another option) is an error, not an empty list.
const normalizeOwnWords = (argv: readonly string[]): string[] => {
  const words = [...argv];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--' || !word.startsWith('-') || word === '-') break; // the command starts here
    const eq = word.indexOf('=');
    const head = eq < 0 ? word : word.slice(0, eq);
    const value = eq < 0 ? undefined : word.slice(eq + 1);
    const long = head.startsWith('--') ? head.slice(2) : undefined;
    const shorts = long === undefined ? [...head.slice(1)] : [];
    const isSwitch = long !== undefined ? SWITCHES.has(long) || (long.startsWith('no-') && SWITCHES.has(long.slice(3))) : shorts.length > 0 && shorts.every((c) => SHORT_SWITCHES.has(c));
    if (isSwitch) {
      if (value === undefined) {
        // `--require true -- cmd` (from `--require $STRICT`) would run `true` and never the command,
        // and `--require true` alone could mean either: said, not guessed.
        const next = words[i + 1];
        if (next === 'true' || next === 'false')
          throw usageError(`${head} takes no value, but is followed by '${next}': write ${head}=${next}, or put the command after --`);
        // A negation stays as typed: yargs-parser reads --no-NAME without looking at the next word.
        if (!long?.startsWith('no-')) words[i] = `${head}=true`;
      } else if (long?.startsWith('no-') || (value !== 'true' && value !== 'false')) {
        throw usageError(`${head} takes no value, but got '${word}'`);
      }
      continue;
    }
    if (long !== undefined && TAKES_VALUE.has(long) && value === undefined) {
      const next = words[i + 1];
      if (next === undefined || next === '--') throw usageError(`--${long} needs a value`);
      // yargs-parser would read it as an option, not as this one's value.
      if (next.startsWith('-')) throw usageError(`--${long} needs a value, but '${next}' is read as an option: write --${long}=${next} for a value that starts with '-'`);
      i++; // its value
    }
  }
  return words;
};

const parseWords = (argv: readonly string[]): Words => {
  const detailed = parser.detailed(normalizeOwnWords(argv), PARSER_OPTIONS);
  if (detailed.error) throw usageError(detailed.error.message);
  const raw = detailed.argv as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (KNOWN.has(key)) continue;
    // yargs-parser reads --no-such-flag as the negation of such-flag: name what was typed.
    const typed = key.length === 1 ? `-${key}` : argv.includes(`--no-${key}`) ? `--no-${key}` : `--${key}`;
    throw usageError(`unknown option ${typed}`);
  }
  const rest = (raw['--'] as string[] | undefined) ?? [];
  const restStart = argv.length - rest.length;
  return { raw, rest, afterSeparator: restStart > 0 && argv[restStart - 1] === '--' };
};

const flagsFrom = (raw: Record<string, unknown>): Flags => {
  const envFileValues = ([] as unknown[]).concat(raw['env-file'] ?? []);
  const noEnvFile = envFileValues.includes(false) ? true : undefined;
  if (noEnvFile && envFileValues.some((v) => v !== false)) throw usageError('use either --env-file or --no-env-file, not both');
  return {
    envFiles: noEnvFile ? undefined : arrayFlag(raw, 'env-file'),
    noEnvFile,
    contracts: arrayFlag(raw, 'contracts'),
    config: stringFlag(raw, 'config'),
    transports: collect(arrayFlag(raw, 'transport'), (s) => parseTransportSpec(s, '--transport')),
    aliases: collect(arrayFlag(raw, 'alias'), (s) => parseAliasSpec(s, '--alias')),
    service: stringFlag(raw, 'service'),
    environment: stringFlag(raw, 'environment'),
    timeout: stringFlag(raw, 'timeout'),
    require: booleanFlag(raw, 'require'),
    override: booleanFlag(raw, 'override'),
    scrubBootstrap: booleanFlag(raw, 'scrub-bootstrap'),
    allowKeys: arrayFlag(raw, 'allow-key'),
    quiet: booleanFlag(raw, 'quiet'),
    verbose: booleanFlag(raw, 'verbose'),
    format: stringFlag(raw, 'format'),
    offline: booleanFlag(raw, 'offline'),
  };
};

// Parses the wrapper's own flags, which all come before the command (or before `--`); a first
// word `plan` (not after `--`) is the plan command, whose own flags follow it.
export const parseArgs = (argv: readonly string[]): ParsedArgs => {
  const words = parseWords(argv);
  const flags = flagsFrom(words.raw);
  const wantsHelp = booleanFlag(words.raw, 'help') === true;
  const wantsVersion = booleanFlag(words.raw, 'version') === true;

  if (!words.afterSeparator && words.rest[0] === 'plan') {
    const inner = parseWords(words.rest.slice(1));
    if (booleanFlag(inner.raw, 'help') || wantsHelp) return { command: { kind: 'help' }, flags };
    if (inner.rest.length > 0) throw usageError(`plan takes no command, but got '${inner.rest[0]}'`);
    if ('command' in words.raw || 'command' in inner.raw) throw usageError('plan takes no command, but got --command');
    return { command: { kind: 'plan' }, flags: mergeFlags(flags, flagsFrom(inner.raw)) };
  }
  if (wantsHelp) return { command: { kind: 'help' }, flags };
  if (wantsVersion) return { command: { kind: 'version' }, flags };
  for (const name of PLAN_ONLY) if (name in words.raw) throw usageError(`--${name} is an option of 'secrets-run plan'`);
  const shell = stringFlag(words.raw, 'command');
  if (shell !== undefined) {
    if (words.rest.length > 0) throw usageError('--command takes the whole command line as one string; drop the extra arguments');
    return { command: { kind: 'shell', script: shell }, flags };
  }
  if (words.rest.length === 0) throw usageError('no command given: secrets-run [options] -- CMD [ARGS...]');
  // As a shell says it (spawn would fail with a bare ERR_INVALID_ARG_VALUE).
  if (words.rest[0] === '') throw new SecretsRunError('COMMAND_NOT_FOUND', "command not found: '' (the command is an empty string)", { exitCode: EXIT_NOT_FOUND });
  return { command: { kind: 'run', file: words.rest[0]!, args: words.rest.slice(1) }, flags };
};

const collect = <V>(specs: string[] | undefined, parse: (s: string) => [string, V]): Record<string, V> | undefined =>
  specs === undefined ? undefined : Object.fromEntries(specs.map(parse));

const mergeFlags = (outer: Flags, inner: Flags): Flags => {
  const merged: Flags = { ...outer };
  for (const [key, value] of Object.entries(inner)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
};
