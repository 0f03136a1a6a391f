import {
  aliasesKind,
  maskKind,
  signalKind,
  type StopSignal,
  namesKind,
  offlineCacheKind,
  type MaskMode,
  pathsKind,
  secondsKind,
  slugKind,
  switchKind,
  textKind,
  transportsKind,
  type Kind,
} from './kinds.js';

// The one table of options: each is declared here once, and the command line (cli/parse-args.ts),
// the SECRETS_RUN_* variables (env-settings.ts), the config file (config-file.ts), the settings
// (settings.ts), --help (chunks/help.ts) and the Flags, SettingsLayer and Settings types are loops
// over it. docs/options.md says how to add one.

export type OptionGroup = 'Sources' | 'Infisical' | 'Behaviour' | 'Output' | 'plan' | 'export' | 'seed' | 'provision';
export type CommandName = 'run' | 'plan' | 'export' | 'seed' | 'provision';

// What an option is to the rest of the program:
// - setting: a value of every settings layer (flag > SECRETS_RUN_* > config file), settled into
//   Settings by `settle` (an option without one is resolved elsewhere: the environment);
// - negation: a switch that sets the setting it `negates` to none (--no-env-file);
// - input: read from the command line (and its variable) by the command itself, not a layer;
// - action: what the command line asks for (--help, --version, --command), not in Flags.
export type OptionRole = 'setting' | 'negation' | 'input' | 'action';

export interface OptionRow<F = unknown, L = unknown, S = unknown> {
  readonly role: OptionRole;
  readonly flag: string;
  readonly short?: string;
  readonly env?: string; // SECRETS_RUN_*
  readonly config?: string; // key in .secrets-run.yaml
  readonly kind: Kind<F, L>;
  readonly negates?: string; // negation: the setting it turns off
  // From the first layer that has it (undefined when none does) and all the layers, highest first.
  readonly settle?: (value: L | false | undefined, layers: readonly LayerLike[], key: string) => S;
  readonly as?: string; // its name in Settings, when not the row's
  readonly value?: string; // placeholder in --help
  readonly optionalValue?: boolean; // the value is given only with '=' (--offline-cache[=MAX_AGE]); alone, the flag is on
  readonly help: string;
  readonly group: OptionGroup;
  readonly commands: readonly CommandName[];
}

export type LayerLike = Readonly<Record<string, unknown>>;

const option = <const R extends OptionRow<any, any, any>>(row: R): R => row; // eslint-disable-line @typescript-eslint/no-explicit-any

// Every command that reads the settings: export runs the whole pipeline a run does, seed plans as
// plan does, and provision reads the same bootstrap variables and env file.
const BOTH = ['run', 'plan', 'export', 'seed', 'provision'] as const;
const off = (value: boolean | false | undefined): boolean => value ?? false;

// The first layer (highest precedence) that has the setting.
export const firstIn = (layers: readonly LayerLike[], key: string): unknown => {
  for (const layer of layers) if (layer[key] !== undefined) return layer[key];
  return undefined;
};

// Per-name merge for the transport and alias tables: a higher layer replaces a name, not the table.
// Without a prototype, like each layer's table (name-table.ts): a name is an entry, never a setter.
const mergeTables = <V>(_value: unknown, layers: readonly LayerLike[], key: string): Record<string, V> => {
  const merged = Object.create(null) as Record<string, V>;
  for (const layer of [...layers].reverse()) for (const [name, value] of Object.entries(layer[key] ?? {})) merged[name] = value as V;
  return merged;
};

// The one quiet/verbose rule, for the settings and for the output level before they are read
// (settings.ts, earlyOutputLevel): quiet wins, and silences verbose.
export const outputLevel = (quiet: boolean | undefined, verbose: boolean | undefined): { quiet: boolean; verbose: boolean } => {
  const q = quiet ?? false;
  return { quiet: q, verbose: !q && (verbose ?? false) };
};

export interface EnvFileRequest {
  path: string; // as the user wrote it, for messages
  explicit: boolean; // a missing explicit file is an error; a missing default .env is not
}

export const DEFAULT_TIMEOUT_SECONDS = 10;

export const OPTIONS = {
  envFiles: option({
    role: 'setting',
    flag: 'env-file',
    short: 'e',
    env: 'SECRETS_RUN_ENV_FILES',
    config: 'envFiles',
    kind: pathsKind,
    settle: (files: string[] | false | undefined): EnvFileRequest[] =>
      files === false ? [] : files === undefined ? [{ path: '.env', explicit: false }] : files.map((path) => ({ path, explicit: true })),
    value: 'PATH',
    help: 'read variables from PATH instead of .env; repeatable, later files win',
    group: 'Sources',
    commands: BOTH,
  }),
  noEnvFile: option({
    role: 'negation',
    flag: 'no-env-file',
    env: 'SECRETS_RUN_NO_ENV_FILE',
    kind: switchKind,
    negates: 'envFiles',
    help: 'read no env file at all',
    group: 'Sources',
    commands: BOTH,
  }),
  expand: option({
    role: 'setting',
    flag: 'expand',
    config: 'expand',
    kind: switchKind,
    settle: (on: boolean | false | undefined): boolean => on !== false,
    help: 'expand ${VAR}, $VAR and ${VAR:-default} in env-file values, from the environment and earlier lines (default: on)',
    group: 'Sources',
    commands: BOTH,
  }),
  noExpand: option({
    role: 'negation',
    flag: 'no-expand',
    env: 'SECRETS_RUN_NO_EXPAND',
    kind: switchKind,
    negates: 'expand',
    help: 'read env-file values as written: no ${VAR} expansion',
    group: 'Sources',
    commands: BOTH,
  }),
  contracts: option({
    role: 'setting',
    flag: 'contracts',
    env: 'SECRETS_RUN_CONTRACTS',
    config: 'contracts',
    kind: pathsKind,
    settle: (paths: string[] | false | undefined): string[] => paths || ['.'],
    value: 'PATH',
    help: 'contract file or directory to scan; repeatable (default: .)',
    group: 'Sources',
    commands: BOTH,
  }),
  config: option({
    role: 'input',
    flag: 'config',
    env: 'SECRETS_RUN_CONFIG',
    kind: textKind,
    value: 'PATH',
    help: 'configuration file (default: .secrets-run.yaml when present)',
    group: 'Sources',
    commands: BOTH,
  }),
  transports: option({
    role: 'setting',
    flag: 'transport',
    env: 'SECRETS_RUN_TRANSPORTS',
    config: 'transports',
    kind: transportsKind,
    settle: mergeTables<string[]>,
    value: 'SLUG=KEY,...',
    help: "replace or add a transport's keys; repeatable",
    group: 'Sources',
    commands: BOTH,
  }),
  aliases: option({
    role: 'setting',
    flag: 'alias',
    env: 'SECRETS_RUN_ALIASES',
    config: 'aliases',
    kind: aliasesKind,
    settle: mergeTables<string>,
    value: 'NAME=SLUG',
    help: 'treat transport NAME as SLUG; repeatable',
    group: 'Sources',
    commands: BOTH,
  }),
  service: option({
    role: 'setting',
    flag: 'service',
    env: 'SECRETS_RUN_SERVICE',
    config: 'service',
    kind: slugKind('service slug'),
    settle: (slug: string | false | undefined): string => slug || '',
    value: 'SLUG',
    help: 'service slug: /services/SLUG/<transport>/ wins over /shared/<transport>/',
    group: 'Infisical',
    commands: BOTH,
  }),
  // Settled with the bootstrap variables, which sit between it and the config file (settings.ts).
  environment: option({
    role: 'setting',
    flag: 'environment',
    env: 'SECRETS_RUN_ENVIRONMENT',
    config: 'environment',
    kind: slugKind('environment slug'),
    value: 'SLUG',
    help: 'Infisical environment (default: INFISICAL_ENVIRONMENT, else prod)',
    group: 'Infisical',
    commands: BOTH,
  }),
  timeout: option({
    role: 'setting',
    flag: 'timeout',
    env: 'SECRETS_RUN_TIMEOUT',
    config: 'timeout',
    kind: secondsKind,
    settle: (seconds: number | false | undefined): number => Math.round((seconds || DEFAULT_TIMEOUT_SECONDS) * 1000),
    as: 'timeoutMs',
    value: 'SECONDS',
    help: 'overall deadline for talking to Infisical (default: 10)',
    group: 'Infisical',
    commands: BOTH,
  }),
  listEachFolder: option({
    role: 'setting',
    flag: 'list-each-folder',
    env: 'SECRETS_RUN_LIST_EACH_FOLDER',
    config: 'listEachFolder',
    kind: switchKind,
    settle: off,
    help: 'one list request per folder instead of one per root folder (for identities that may see but not read some values)',
    group: 'Infisical',
    commands: BOTH,
  }),
  tokenCache: option({
    role: 'setting',
    flag: 'token-cache',
    config: 'tokenCache',
    kind: switchKind,
    settle: (on: boolean | false | undefined): boolean => on !== false,
    help: 'keep the Universal Auth access token, encrypted, between runs: one login per token lifetime (default: on)',
    group: 'Infisical',
    commands: BOTH,
  }),
  noTokenCache: option({
    role: 'negation',
    flag: 'no-token-cache',
    env: 'SECRETS_RUN_NO_TOKEN_CACHE',
    kind: switchKind,
    negates: 'tokenCache',
    help: 'log in on every run; read and write no token cache',
    group: 'Infisical',
    commands: BOTH,
  }),
  offlineCache: option({
    role: 'setting',
    flag: 'offline-cache',
    env: 'SECRETS_RUN_OFFLINE_CACHE',
    config: 'offlineCache',
    kind: offlineCacheKind,
    // The max age in milliseconds; undefined: off (the default).
    settle: (seconds: number | false | undefined): number | undefined => (seconds ? seconds * 1000 : undefined),
    value: 'MAX_AGE',
    optionalValue: true,
    help:
      'keep the last values of each folder, encrypted; serve them, up to MAX_AGE old (default 24h; 90s, 30m, 3h, 2d), ' +
      'for folders Infisical could not be reached for (off by default)',
    group: 'Infisical',
    commands: BOTH,
  }),
  require: option({
    role: 'setting',
    flag: 'require',
    env: 'SECRETS_RUN_REQUIRE',
    config: 'require',
    kind: switchKind,
    settle: off,
    help: 'strict: any problem or missing key stops the run (exit 125) before the command starts',
    group: 'Behaviour',
    commands: BOTH,
  }),
  allowStale: option({
    role: 'setting',
    flag: 'allow-stale',
    env: 'SECRETS_RUN_ALLOW_STALE',
    config: 'allowStale',
    kind: switchKind,
    settle: off,
    help: 'with --require, accept values from the offline cache (otherwise they count as unresolved)',
    group: 'Behaviour',
    commands: BOTH,
  }),
  override: option({
    role: 'setting',
    flag: 'override',
    env: 'SECRETS_RUN_OVERRIDE',
    config: 'override',
    kind: switchKind,
    settle: off,
    help: 'fetched values win over variables already in the environment',
    group: 'Behaviour',
    commands: BOTH,
  }),
  scrubBootstrap: option({
    role: 'setting',
    flag: 'scrub-bootstrap',
    env: 'SECRETS_RUN_SCRUB_BOOTSTRAP',
    config: 'scrubBootstrap',
    kind: switchKind,
    settle: off,
    help: "remove INFISICAL_CLIENT_SECRET and INFISICAL_TOKEN from the command's environment",
    group: 'Behaviour',
    commands: BOTH,
  }),
  allowKeys: option({
    role: 'setting',
    flag: 'allow-key',
    env: 'SECRETS_RUN_ALLOW_KEYS',
    config: 'allowKeys',
    kind: namesKind,
    settle: (names: string[] | false | undefined): string[] => names || [],
    value: 'NAME',
    help: 'let Infisical set NAME although it can take over a process (LD_PRELOAD, NODE_OPTIONS, PATH...); repeatable',
    group: 'Behaviour',
    commands: BOTH,
  }),
  command: option({
    role: 'action',
    flag: 'command',
    short: 'c',
    kind: textKind,
    value: 'STRING',
    help: 'run STRING through the system shell instead of -- CMD ARGS',
    group: 'Behaviour',
    commands: ['run'],
  }),
  watch: option({
    role: 'setting',
    flag: 'watch',
    env: 'SECRETS_RUN_WATCH',
    config: 'watch',
    kind: switchKind,
    settle: off,
    help: 'keep asking Infisical, and restart the command when an injected value changes (docs/launch.md)',
    group: 'Behaviour',
    commands: ['run'],
  }),
  watchInterval: option({
    role: 'setting',
    flag: 'watch-interval',
    env: 'SECRETS_RUN_WATCH_INTERVAL',
    config: 'watchInterval',
    kind: secondsKind,
    settle: (seconds: number | false | undefined): number => Math.round(Math.max(seconds || 60, 5) * 1000),
    as: 'watchIntervalMs',
    value: 'SECONDS',
    help: 'with --watch: how often to ask, ±10% (default: 60, at least 5)',
    group: 'Behaviour',
    commands: ['run'],
  }),
  watchDebounce: option({
    role: 'setting',
    flag: 'watch-debounce',
    env: 'SECRETS_RUN_WATCH_DEBOUNCE',
    config: 'watchDebounce',
    kind: secondsKind,
    settle: (seconds: number | false | undefined): number => Math.round((seconds || 5) * 1000),
    as: 'watchDebounceMs',
    value: 'SECONDS',
    help: 'with --watch: wait this long after a change for more, so a burst of edits restarts once (default: 5)',
    group: 'Behaviour',
    commands: ['run'],
  }),
  stopSignal: option({
    role: 'setting',
    flag: 'stop-signal',
    env: 'SECRETS_RUN_STOP_SIGNAL',
    config: 'stopSignal',
    kind: signalKind,
    settle: (signal: StopSignal | false | undefined): StopSignal => signal || 'SIGTERM',
    value: 'SIGNAL',
    help: 'with --watch: the signal that stops the command for a restart (default: SIGTERM)',
    group: 'Behaviour',
    commands: ['run'],
  }),
  stopTimeout: option({
    role: 'setting',
    flag: 'stop-timeout',
    env: 'SECRETS_RUN_STOP_TIMEOUT',
    config: 'stopTimeout',
    kind: secondsKind,
    settle: (seconds: number | false | undefined): number => Math.round((seconds || 10) * 1000),
    as: 'stopTimeoutMs',
    value: 'SECONDS',
    help: 'with --watch: how long the command has to stop before SIGKILL (default: 10)',
    group: 'Behaviour',
    commands: ['run'],
  }),
  mask: option({
    role: 'setting',
    flag: 'mask',
    env: 'SECRETS_RUN_MASK',
    config: 'mask',
    kind: maskKind,
    settle: (mode: MaskMode | false | undefined): MaskMode => mode || 'off',
    value: 'github',
    optionalValue: true,
    help:
      "pass the command's stdout and stderr through secrets-run with every injected value of 8 or more characters replaced by *****; " +
      '=github also registers each value with GitHub Actions (::add-mask::). The command loses its terminal (colours, isatty)',
    group: 'Output',
    commands: ['run'],
  }),
  quiet: option({
    role: 'setting',
    flag: 'quiet',
    short: 'q',
    env: 'SECRETS_RUN_QUIET',
    kind: switchKind,
    settle: (quiet: boolean | false | undefined): boolean => outputLevel(quiet, undefined).quiet,
    help: 'print errors only',
    group: 'Output',
    commands: BOTH,
  }),
  verbose: option({
    role: 'setting',
    flag: 'verbose',
    short: 'v',
    env: 'SECRETS_RUN_VERBOSE',
    kind: switchKind,
    settle: (verbose: boolean | false | undefined, layers: readonly LayerLike[]): boolean =>
      outputLevel(firstIn(layers, 'quiet') as boolean | undefined, verbose).verbose,
    help: 'also print where each key came from (names only, never values)',
    group: 'Output',
    commands: BOTH,
  }),
  help: option({ role: 'action', flag: 'help', short: 'h', kind: switchKind, help: 'show this help', group: 'Output', commands: BOTH }),
  version: option({ role: 'action', flag: 'version', short: 'V', kind: switchKind, help: 'show the version', group: 'Output', commands: BOTH }),
  format: option({
    role: 'input',
    flag: 'format',
    kind: textKind,
    value: 'FORMAT',
    help: 'output format: plan, seed and provision table|json (default: table); export dotenv|json (default: dotenv)',
    group: 'plan',
    commands: ['plan', 'export', 'seed', 'provision'],
  }),
  reveal: option({
    role: 'input',
    flag: 'reveal',
    kind: switchKind,
    help: 'export: print the values (masked as ******** otherwise); warns when stdout is a terminal',
    group: 'export',
    commands: ['export'],
  }),
  offline: option({ role: 'input', flag: 'offline', kind: switchKind, help: 'plan without contacting Infisical', group: 'plan', commands: ['plan'] }),
  dryRun: option({
    role: 'input',
    flag: 'dry-run',
    kind: switchKind,
    help: 'seed: compare with the live server and write nothing (the default); provision: look (read requests only) and say what each step would do',
    group: 'seed',
    commands: ['seed', 'provision'],
  }),
  execute: option({ role: 'input', flag: 'execute', kind: switchKind, help: 'seed: write (without it, a read-only diff)', group: 'seed', commands: ['seed'] }),
  importEnv: option({
    role: 'input',
    flag: 'import-env',
    kind: pathsKind,
    value: 'FILE',
    help: 'seed: take values from FILE (parsed as env files are); repeatable, later files win',
    group: 'seed',
    commands: ['seed'],
  }),
  valuesFromEnv: option({
    role: 'input',
    flag: 'values-from-env',
    kind: switchKind,
    help: "seed: take values from secrets-run's own environment too, above the files",
    group: 'seed',
    commands: ['seed'],
  }),
  setValues: option({
    role: 'input',
    flag: 'set-values',
    kind: switchKind,
    help: "seed: write the sources' values (without it, nothing is written but folders and --create-empty keys)",
    group: 'seed',
    commands: ['seed'],
  }),
  overwriteExisting: option({
    role: 'input',
    flag: 'overwrite-existing',
    kind: switchKind,
    help: 'seed: replace a different non-empty value (never with an empty one, never for a key the sources lack)',
    group: 'seed',
    commands: ['seed'],
  }),
  target: option({
    role: 'input',
    flag: 'target',
    kind: textKind,
    value: 'shared|service',
    help: "seed: write to the shared folders (default) or the --service's own",
    group: 'seed',
    commands: ['seed'],
  }),
  allowPlaceholders: option({
    role: 'input',
    flag: 'allow-placeholders',
    kind: switchKind,
    help: 'seed: also write values that look like placeholders (__REPLACE_ME__, changeme, <password>)',
    group: 'seed',
    commands: ['seed'],
  }),
  createEmpty: option({
    role: 'input',
    flag: 'create-empty',
    kind: switchKind,
    help: 'seed: create keys no source has a value for, empty (shared folders only)',
    group: 'seed',
    commands: ['seed'],
  }),
  project: option({
    role: 'input',
    flag: 'project',
    kind: textKind,
    value: 'NAME',
    help: 'provision: the project, found by name or slug before it is created (default: onex)',
    group: 'provision',
    commands: ['provision'],
  }),
  environments: option({
    role: 'input',
    flag: 'environments',
    kind: namesKind,
    value: 'SLUG,...',
    help: 'provision: the environments whose folders are made (default: dev,staging,prod)',
    group: 'provision',
    commands: ['provision'],
  }),
  identityName: option({
    role: 'input',
    flag: 'identity-name',
    kind: textKind,
    value: 'NAME',
    help: 'provision: the machine identity (default: onex-runtime)',
    group: 'provision',
    commands: ['provision'],
  }),
  role: option({
    role: 'input',
    flag: 'role',
    kind: textKind,
    value: 'ROLE',
    help: "provision: the identity's project role, admin|member|viewer (default: admin); viewer suffices for run, seed needs write access",
    group: 'provision',
    commands: ['provision'],
  }),
  organization: option({
    role: 'input',
    flag: 'organization',
    kind: textKind,
    value: 'NAME',
    help: 'provision: the organization a fresh server is bootstrapped with (default: onex)',
    group: 'provision',
    commands: ['provision'],
  }),
  adminEmail: option({
    role: 'input',
    flag: 'admin-email',
    kind: textKind,
    value: 'EMAIL',
    help: "provision: a fresh server's admin user (default: admin@example.com); the password from INFISICAL_ADMIN_PASSWORD, else random",
    group: 'provision',
    commands: ['provision'],
  }),
  adminTokenFile: option({
    role: 'input',
    flag: 'admin-token-file',
    kind: textKind,
    value: 'PATH',
    help: 'provision: where the admin token is kept, 0600 (default: ./.infisical-admin-token; INFISICAL_ADMIN_TOKEN wins)',
    group: 'provision',
    commands: ['provision'],
  }),
  force: option({
    role: 'input',
    flag: 'force',
    kind: switchKind,
    help: 'provision: replace a half-written credential pair in the env file (a new client secret)',
    group: 'provision',
    commands: ['provision'],
  }),
};

type Options = typeof OPTIONS;
type FlagOf<R> = R extends { kind: { argv: (...args: never[]) => infer F } } ? F : never;
type LayerOf<R> = R extends { kind: { text: (...args: never[]) => infer L } } ? L : never;
type Negated = { [K in keyof Options]: Options[K] extends { negates: infer N extends string } ? N : never }[keyof Options];
type SettledName<K, R> = R extends { settle: unknown } ? (R extends { as: infer N extends string } ? N : K) : never;

// Flags as typed; unset ones stay undefined so lower-precedence layers can fill them.
export type Flags = { [K in keyof Options as Options[K]['role'] extends 'action' ? never : K]?: FlagOf<Options[K]> };

// One source of settings (flags, SECRETS_RUN_* variables or the config file), already validated.
export type SettingsLayer = { origin: string } & {
  [K in keyof Options as Options[K]['role'] extends 'setting' ? K : never]?: LayerOf<Options[K]> | (K extends Negated ? false : never);
};

export type Settings = { [K in keyof Options as SettledName<K, Options[K]>]: Options[K] extends { settle: (...args: never[]) => infer S } ? S : never };

export type OptionName = keyof Options;
export type AnyOption = OptionRow<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The rows with their names, in the table's order.
export const OPTION_LIST: readonly (readonly [OptionName, AnyOption])[] = Object.entries(OPTIONS) as [OptionName, AnyOption][];

// Each flag's commands, for the parser's "--X is an option of 'secrets-run Y'".
export const COMMANDS_OF: ReadonlyMap<string, readonly CommandName[]> = new Map(OPTION_LIST.map(([, o]) => [o.flag, o.commands]));
