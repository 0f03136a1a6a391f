import { OPTION_LIST, type AnyOption, type CommandName, type OptionGroup } from '../settings/options.js';

// --help, rendered from the option table (settings/options.ts) that the parser, the SECRETS_RUN_*
// variables and the config file read: an option cannot be missing from it. A chunk of its own,
// so only --help loads it.

const USAGE = [
  'secrets-run [options] -- CMD [ARGS...]',
  'secrets-run [options] --command "STRING"',
  'secrets-run plan [options] [--format table|json] [--offline]',
  'secrets-run export [options] [--reveal] [--format dotenv|json]',
  'secrets-run seed [options] [--execute] [--import-env FILE] [--set-values]',
  'secrets-run provision [options] [--dry-run] [--force] [--format table|json]',
  'secrets-run cache clear',
];

const ABOUT =
  'Fetches the secrets your contract files need from Infisical (INFISICAL_ADDR, INFISICAL_CLIENT_ID, ' +
  "INFISICAL_CLIENT_SECRET, INFISICAL_PROJECT_ID from the environment or .env), adds them to CMD's " +
  'environment (variables already set win), runs CMD, forwards signals and exits with its status. ' +
  'Without INFISICAL_ADDR it only loads the env files, like dotenv-cli.';

const GROUPS: readonly [OptionGroup, string][] = [
  ['Sources', 'Sources'],
  ['Infisical', 'Infisical'],
  ['Behaviour', 'Behaviour'],
  ['Output', 'Output'],
  ['plan', 'plan options'],
  ['export', 'export options'],
  ['seed', 'seed options'],
  ['provision', 'provision options'],
];

const EXAMPLES: [string, string][] = [
  ['ENTRYPOINT ["secrets-run", "--"]\nCMD ["node", "server.js"]', "Dockerfile: runs as PID 1, forwards docker stop, exits with the app's status"],
  ['"start": "exec secrets-run --service api -- node server.js"', 'package.json script: Ctrl-C and kill -TERM through npm stop the app once'],
  ['secrets-run --env-file .env.local -- npm run dev', 'shell: a .env loader when no INFISICAL_ADDR is set'],
  ['secrets-run plan --format json --offline', 'show which keys the contracts need and where they would come from'],
  ['secrets-run export --reveal > app.env', 'write what a run would add to the environment as a dotenv file (masked without --reveal)'],
  [
    'secrets-run cache clear',
    'remove the token cache and the offline cache (every identity) from SECRETS_RUN_CACHE_DIR, else $XDG_CACHE_HOME/secrets-run or ~/.cache/secrets-run',
  ],
];

const EPILOGUE = [
  "Exit status: the command's own; 128+N if it died of signal N; 127 command not found; 126 not executable; " +
    '125 secrets-run itself failed before starting it.',
  'Settings: flag > SECRETS_RUN_* variable > .secrets-run.yaml > default.',
];

// Words into lines of at most `width` characters (a longer word gets a line of its own).
export const wrap = (text: string, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
};

// `  -q, --quiet`, `      --env-file PATH`, `      --offline-cache[=MAX_AGE]`
export const flagLabel = (row: AnyOption): string => `--${row.flag}${row.value ? (row.optionalValue ? `[=${row.value}]` : ` ${row.value}`) : ''}`;
const optionLabel = (row: AnyOption): string => `  ${row.short ? `-${row.short}, ` : '    '}${flagLabel(row)}`;

const optionText = (row: AnyOption): string => `${row.help}${row.env ? ` [env ${row.env}]` : ''}`;

const columns = (label: string, text: string, indent: number, width: number): string[] => {
  const lines = wrap(text, Math.max(20, width - indent));
  const first = label.length + 2 <= indent ? label.padEnd(indent) + (lines.shift() ?? '') : label;
  return [first.trimEnd(), ...lines.map((l) => ' '.repeat(indent) + l)];
};

// `help COMMAND` and `COMMAND --help`: that command's usage, what it does, and only its options.
const TOPICS: Readonly<Record<Exclude<CommandName, 'run'>, { usage: string; about: string }>> = {
  plan: { usage: USAGE[2]!, about: 'Shows which keys the contracts need, from which folders, and (online) where each one resolves; never values.' },
  export: { usage: USAGE[3]!, about: "Prints what a run would add to the command's environment, as a dotenv file or JSON, masked unless --reveal." },
  seed: {
    usage: USAGE[4]!,
    about: 'Puts the keys the contracts need into Infisical, with values from --import-env files. Without --execute, a read-only diff against the live server.',
  },
  provision: {
    usage: USAGE[5]!,
    about:
      'Takes a fresh or existing Infisical to a project, folders and a machine identity, and writes the four INFISICAL_* variables to the env file; changes nothing on a second run.',
  },
};

const renderTopic = (topic: keyof typeof TOPICS, width: number): string => {
  const rows = OPTION_LIST.map(([, row]) => row).filter((row) => row.commands.includes(topic) && row.role !== 'action');
  const indent = Math.max(...rows.map((row) => optionLabel(row).length)) + 2;
  const out = ['Usage:', `  ${TOPICS[topic].usage}`, '', ...wrap(TOPICS[topic].about, width)];
  // Its own options first (a run's have no command of their own), then those it shares with a run.
  const own = rows.filter((row) => !row.commands.includes('run'));
  for (const [title, list] of [
    [`${topic} options`, own],
    ['Shared with a run', rows.filter((row) => !own.includes(row))],
  ] as const) {
    if (list.length === 0) continue;
    out.push('', `${title}:`);
    for (const row of list) out.push(...columns(optionLabel(row), optionText(row), indent, width));
  }
  out.push('', ...wrap("See 'secrets-run --help' for every command, and docs/ for the details.", width));
  return out.join('\n');
};

export const renderHelp = async (_version: string, terminalWidth: number, topic?: string): Promise<string> => {
  if (topic !== undefined && topic !== 'run') return renderTopic(topic as keyof typeof TOPICS, Math.min(Math.max(terminalWidth, 80), 120));
  const width = Math.min(Math.max(terminalWidth, 80), 120);
  const rows = OPTION_LIST.map(([, row]) => row);
  const indent = Math.max(...rows.map((row) => optionLabel(row).length)) + 2;
  const out: string[] = ['Usage:', ...USAGE.map((u) => `  ${u}`), '', ...wrap(ABOUT, width)];
  for (const [group, title] of GROUPS) {
    out.push('', `${title}:`);
    for (const row of rows) if (row.group === group) out.push(...columns(optionLabel(row), optionText(row), indent, width));
  }
  out.push('', 'Examples:');
  for (const [command, description] of EXAMPLES) {
    out.push(...command.split('\n').map((l) => `  ${l}`), ...wrap(description, width - 6).map((l) => `      ${l}`));
  }
  out.push('', ...EPILOGUE.flatMap((paragraph) => wrap(paragraph, width)));
  return out.join('\n');
};
