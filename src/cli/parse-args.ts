import parser from 'yargs-parser';
import { EXIT_NOT_FOUND, SecretsRunError, usageError } from '../errors.js';
import { closest } from './did-you-mean.js';
import { flagsFrom } from './flags-from.js';

// The commands `help COMMAND` knows (chunks/help.ts renders them).
const HELP_TOPICS: readonly string[] = ['run', 'plan', 'export', 'seed', 'provision'];
import { COMMANDS_OF, OPTION_LIST, OPTIONS, type CommandName, type Flags } from '../settings/options.js';
import { COMMAND_WORDS, type CommandWord } from './command-words.js';

export type { Flags };

export type Command =
  | { kind: 'run'; file: string; args: string[] }
  | { kind: 'shell'; script: string }
  | { kind: 'plan' }
  | { kind: 'export' }
  | { kind: 'seed' }
  | { kind: 'provision' }
  | { kind: 'cache-clear' }
  | { kind: 'completion'; shell: string }
  | { kind: 'help'; topic?: string }
  | { kind: 'version' };

export interface ParsedArgs {
  command: Command;
  flags: Flags;
}

const ROWS = OPTION_LIST.map(([, row]) => row);
const named = (test: (row: (typeof ROWS)[number]) => boolean): string[] => ROWS.filter(test).map((row) => row.flag);

const PARSER_OPTIONS: parser.Options = {
  string: named((o) => o.kind.type !== 'boolean'),
  // A negation (--no-env-file) is read by yargs-parser as its target set to false.
  boolean: named((o) => o.kind.type === 'boolean' && o.role !== 'negation'),
  array: named((o) => o.kind.type === 'array'),
  alias: Object.fromEntries(ROWS.filter((o) => o.short).map((o) => [o.flag, [o.short!]])),
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

const KNOWN: ReadonlySet<string> = new Set(['_', '--', ...named(() => true)]);
// Every long flag as typed, negations included, for "did you mean".
const FLAG_NAMES: readonly string[] = named(() => true);

// An action (--help, --version, --command), read by its kind like any option; undefined when absent.
const action = <K extends 'help' | 'version' | 'command'>(
  raw: Record<string, unknown>,
  key: K,
): ReturnType<(typeof OPTIONS)[K]['kind']['argv']> | undefined => {
  const row = OPTIONS[key];
  return row.flag in raw ? (row.kind.argv(([] as unknown[]).concat(raw[row.flag]), row.flag) as ReturnType<(typeof OPTIONS)[K]['kind']['argv']>) : undefined;
};

interface Words {
  raw: Record<string, unknown>;
  rest: string[]; // the command and its arguments, untouched
  afterSeparator: boolean; // the rest followed an explicit `--`
}

const SWITCHES: ReadonlySet<string> = new Set(named((o) => o.kind.type === 'boolean'));
const SHORT_SWITCHES: ReadonlySet<string> = new Set(ROWS.filter((o) => o.kind.type === 'boolean' && o.short).map((o) => o.short!));
const TAKES_VALUE: ReadonlySet<string> = new Set(named((o) => o.kind.type !== 'boolean' && o.optionalValue !== true));
const OPTIONAL_VALUE: ReadonlySet<string> = new Set(named((o) => o.optionalValue === true));

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
    const isSwitch =
      long !== undefined
        ? SWITCHES.has(long) || (long.startsWith('no-') && SWITCHES.has(long.slice(3)))
        : shorts.length > 0 && shorts.every((c) => SHORT_SWITCHES.has(c));
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
    // --offline-cache[=MAX_AGE]: a value only after '=', so the next word stays the command's.
    if (long !== undefined && OPTIONAL_VALUE.has(long)) {
      if (value === undefined) words[i] = `${head}=`;
      else if (value === '') throw usageError(`${head}= needs a value after '=' (or write ${head} alone)`);
      continue;
    }
    if (long !== undefined && TAKES_VALUE.has(long) && value === undefined) {
      const next = words[i + 1];
      if (next === undefined || next === '--') throw usageError(`--${long} needs a value`);
      // yargs-parser would read it as an option, not as this one's value.
      if (next.startsWith('-'))
        throw usageError(`--${long} needs a value, but '${next}' is read as an option: write --${long}=${next} for a value that starts with '-'`);
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
    const meant = key.length === 1 ? undefined : closest(typed.slice(2), FLAG_NAMES);
    throw usageError(`unknown option ${typed}${meant === undefined ? '' : ` (did you mean --${meant}?)`}`);
  }
  const rest = (raw['--'] as string[] | undefined) ?? [];
  const restStart = argv.length - rest.length;
  return { raw, rest, afterSeparator: restStart > 0 && argv[restStart - 1] === '--' };
};

// An option given to a command it is not for, said with the command it is for.
const refuseForeign = (raw: Record<string, unknown>, kind: CommandName): void => {
  for (const flag of Object.keys(raw)) {
    const commands = COMMANDS_OF.get(flag);
    if (commands === undefined || commands.includes(kind) || flag === 'command') continue;
    const name = (c: CommandName): string => (c === 'run' ? "a run ('secrets-run -- CMD')" : `'secrets-run ${c}'`);
    const owner = commands.map(name).join(' and ');
    throw usageError(`--${flag} is an option of ${owner}${kind === 'run' ? '' : `, not of '${kind}'`}`);
  }
};

const isCommandWord = (word: string | undefined): word is CommandWord => (COMMAND_WORDS as readonly (string | undefined)[]).includes(word);

const commandWithOptions = (words: ReturnType<typeof parseWords>, kind: CommandWord, flags: Flags, wantsHelp: boolean): ParsedArgs => {
  const inner = parseWords(words.rest.slice(1));
  if (action(inner.raw, 'help') || wantsHelp) return { command: { kind: 'help', topic: kind }, flags };
  if (inner.rest.length > 0) throw usageError(`${kind} takes no command, but got '${inner.rest[0]}'`);
  if ('command' in words.raw || 'command' in inner.raw) throw usageError(`${kind} takes no command, but got --command`);
  refuseForeign(words.raw, kind);
  refuseForeign(inner.raw, kind);
  return { command: { kind }, flags: mergeFlags(flags, flagsFrom(inner.raw)) };
};

// Parses the wrapper's own flags, which all come before the command (or before `--`); a first
// word `plan` (not after `--`) is the plan command, whose own flags follow it.
export const parseArgs = (argv: readonly string[]): ParsedArgs => {
  const words = parseWords(argv);
  const flags = flagsFrom(words.raw);
  const wantsHelp = action(words.raw, 'help') === true;
  const wantsVersion = action(words.raw, 'version') === true;

  // `export` prints what a run would inject instead of starting a command (a program named export
  // is a shell builtin, not a file to run); a program named plan, seed or provision runs after `--`.
  const word = words.afterSeparator ? undefined : words.rest[0];
  if (isCommandWord(word)) return commandWithOptions(words, word, flags, wantsHelp);
  // `help [COMMAND]` and `version`, as most CLIs take them (a program by either name runs after `--`).
  if (word === 'help') {
    const topic = words.rest[1];
    if (words.rest.length > 2) throw usageError(`help takes one command, but got '${words.rest[2]}'`);
    if (topic !== undefined && !HELP_TOPICS.includes(topic)) {
      const meant = closest(topic, HELP_TOPICS);
      throw usageError(`no help for '${topic}'${meant === undefined ? '' : ` (did you mean '${meant}'?)`}: commands are ${HELP_TOPICS.join(', ')}`);
    }
    return { command: { kind: 'help', ...(topic === undefined ? {} : { topic }) }, flags };
  }
  if (word === 'version' && words.rest.length === 1) return { command: { kind: 'version' }, flags };
  if (word === 'completion') {
    if (words.rest.length !== 2) throw usageError('completion takes one shell: bash, zsh or fish');
    return { command: { kind: 'completion', shell: words.rest[1]! }, flags };
  }
  // `cache clear` exactly (not after `--`): a program named cache still runs as `secrets-run cache ...`.
  if (!words.afterSeparator && words.rest[0] === 'cache' && words.rest[1] === 'clear') {
    const inner = parseWords(words.rest.slice(2));
    if (action(inner.raw, 'help') || wantsHelp) return { command: { kind: 'help' }, flags };
    const extra = inner.rest[0] ?? Object.keys(inner.raw).find((k) => k !== '_' && k !== '--');
    if (extra !== undefined) throw usageError(`cache clear takes no argument, but got '${extra}'`);
    return { command: { kind: 'cache-clear' }, flags };
  }
  if (wantsHelp) return { command: { kind: 'help' }, flags };
  if (wantsVersion) return { command: { kind: 'version' }, flags };
  refuseForeign(words.raw, 'run');
  const shell = action(words.raw, 'command');
  if (shell !== undefined) {
    if (words.rest.length > 0) throw usageError('--command takes the whole command line as one string; drop the extra arguments');
    return { command: { kind: 'shell', script: shell }, flags };
  }
  if (words.rest.length === 0) throw usageError('no command given: secrets-run [options] -- CMD [ARGS...]');
  // As a shell says it (spawn would fail with a bare ERR_INVALID_ARG_VALUE).
  if (words.rest[0] === '')
    throw new SecretsRunError('COMMAND_NOT_FOUND', "command not found: '' (the command is an empty string)", { exitCode: EXIT_NOT_FOUND });
  return { command: { kind: 'run', file: words.rest[0]!, args: words.rest.slice(1) }, flags };
};

const mergeFlags = (outer: Flags, inner: Flags): Flags => {
  const merged: Flags = { ...outer };
  for (const [key, value] of Object.entries(inner)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
};
