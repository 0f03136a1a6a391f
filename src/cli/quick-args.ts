import { OPTION_LIST, type OptionRow } from '../settings/options.js';
import { OWN_WORDS } from './command-words.js';
import { flagsFrom } from './flags-from.js';
import type { ParsedArgs } from './parse-args.js';

// The command lines of a run written the plain way: long options of a run (`--service api`,
// `--env-file=.env`, `--require`, `-q`), each spelled out, then `--` or the command. They are the
// Dockerfile and npm-script shapes, so they skip yargs-parser (its chunk, and about 10 ms of a cold
// start to read a few words) and get exactly what parseArgs would return: the same rows, read by the
// same kinds (flagsFrom). Anything this does not know for certain goes to parseArgs, errors included:
// a short group, a negation, an option of another command, an action (--help, --command), a value
// that starts with '-' or a quote (yargs-parser strips quotes), a switch followed by true or false.

const RUN_ROWS: ReadonlyMap<string, OptionRow> = new Map(
  OPTION_LIST.filter(([, row]) => (row.role === 'setting' || row.role === 'input') && row.commands.includes('run') && row.optionalValue !== true).map(
    ([, row]) => [row.flag, row],
  ),
);
const SHORT_SWITCHES: ReadonlyMap<string, OptionRow> = new Map(
  [...RUN_ROWS.values()].filter((row) => row.short !== undefined && row.kind.type === 'boolean').map((row) => [`-${row.short}`, row]),
);

const plainValue = (value: string | undefined): value is string =>
  value !== undefined && value !== '' && !value.startsWith('-') && !value.startsWith('"') && !value.startsWith("'");

export const quickArgs = (argv: readonly string[]): ParsedArgs | undefined => {
  const raw: Record<string, unknown[]> = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--' || !word.startsWith('-')) break;
    const short = SHORT_SWITCHES.get(word);
    const eq = word.indexOf('=');
    const row = short ?? (word.startsWith('--') ? RUN_ROWS.get(word.slice(2, eq < 0 ? undefined : eq)) : undefined);
    if (row === undefined) return undefined;
    let value: unknown;
    if (row.kind.type === 'boolean') {
      const given = short === undefined && eq >= 0 ? word.slice(eq + 1) : undefined;
      const next = argv[i + 1];
      if (given === undefined) {
        if (next === 'true' || next === 'false') return undefined;
        value = true;
      } else if (given === 'true' || given === 'false') value = given === 'true';
      else return undefined;
    } else {
      value = eq >= 0 ? word.slice(eq + 1) : argv[++i];
      if (!plainValue(value as string | undefined)) return undefined;
    }
    (raw[row.flag] ??= []).push(value);
  }
  const separated = argv[i] === '--';
  const rest = argv.slice(separated ? i + 1 : i);
  const file = rest[0];
  if (file === undefined || file === '') return undefined;
  if (!separated && (OWN_WORDS.includes(file) || (file === 'cache' && rest[1] === 'clear'))) return undefined;
  try {
    return { command: { kind: 'run', file, args: rest.slice(1) }, flags: flagsFrom(raw) };
  } catch {
    return undefined; // parseArgs says what is wrong
  }
};
