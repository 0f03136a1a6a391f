// The one table of command-line options: the parser, the unknown-option check and --help read it.

export type OptionType = 'string' | 'boolean' | 'array';
export type OptionGroup = 'Sources' | 'Infisical' | 'Behaviour' | 'Output' | 'plan';

export interface OptionSpec {
  name: string;
  type: OptionType;
  short?: string;
  value?: string; // placeholder in --help
  group: OptionGroup;
  describe: string;
  env?: string; // the SECRETS_RUN_* variable that sets the same thing
}

export const OPTIONS: readonly OptionSpec[] = [
  { name: 'env-file', type: 'array', value: 'PATH', group: 'Sources', env: 'SECRETS_RUN_ENV_FILES',
    describe: 'read variables from PATH instead of .env; repeatable, later files win' },
  { name: 'no-env-file', type: 'boolean', group: 'Sources', env: 'SECRETS_RUN_NO_ENV_FILE', describe: 'read no env file at all' },
  { name: 'contracts', type: 'array', value: 'PATH', group: 'Sources', env: 'SECRETS_RUN_CONTRACTS',
    describe: 'contract file or directory to scan; repeatable (default: .)' },
  { name: 'config', type: 'string', value: 'PATH', group: 'Sources', env: 'SECRETS_RUN_CONFIG',
    describe: 'configuration file (default: .secrets-run.yaml when present)' },
  { name: 'transport', type: 'array', value: 'SLUG=KEY,...', group: 'Sources', env: 'SECRETS_RUN_TRANSPORTS',
    describe: "replace or add a transport's keys; repeatable" },
  { name: 'alias', type: 'array', value: 'NAME=SLUG', group: 'Sources', env: 'SECRETS_RUN_ALIASES',
    describe: 'treat transport NAME as SLUG; repeatable' },
  { name: 'service', type: 'string', value: 'SLUG', group: 'Infisical', env: 'SECRETS_RUN_SERVICE',
    describe: 'service slug: /services/SLUG/<transport>/ wins over /shared/<transport>/' },
  { name: 'environment', type: 'string', value: 'SLUG', group: 'Infisical', env: 'SECRETS_RUN_ENVIRONMENT',
    describe: 'Infisical environment (default: INFISICAL_ENVIRONMENT, else prod)' },
  { name: 'timeout', type: 'string', value: 'SECONDS', group: 'Infisical', env: 'SECRETS_RUN_TIMEOUT',
    describe: 'overall deadline for talking to Infisical (default: 10)' },
  { name: 'require', type: 'boolean', group: 'Behaviour', env: 'SECRETS_RUN_REQUIRE',
    describe: 'strict: any problem or missing key stops the run (exit 125) before the command starts' },
  { name: 'override', type: 'boolean', group: 'Behaviour', env: 'SECRETS_RUN_OVERRIDE',
    describe: 'fetched values win over variables already in the environment' },
  { name: 'scrub-bootstrap', type: 'boolean', group: 'Behaviour', env: 'SECRETS_RUN_SCRUB_BOOTSTRAP',
    describe: 'remove INFISICAL_CLIENT_SECRET and INFISICAL_TOKEN from the command\'s environment' },
  { name: 'allow-key', type: 'array', value: 'NAME', group: 'Behaviour', env: 'SECRETS_RUN_ALLOW_KEYS',
    describe: 'let Infisical set NAME although it can take over a process (LD_PRELOAD, NODE_OPTIONS, PATH...); repeatable' },
  { name: 'command', type: 'string', value: 'STRING', group: 'Behaviour', describe: 'run STRING through the system shell instead of -- CMD ARGS' },
  { name: 'quiet', type: 'boolean', short: 'q', group: 'Output', env: 'SECRETS_RUN_QUIET', describe: 'print errors only' },
  { name: 'verbose', type: 'boolean', short: 'v', group: 'Output', env: 'SECRETS_RUN_VERBOSE',
    describe: 'also print where each key came from (names only, never values)' },
  { name: 'help', type: 'boolean', short: 'h', group: 'Output', describe: 'show this help' },
  { name: 'version', type: 'boolean', short: 'V', group: 'Output', describe: 'show the version' },
  { name: 'format', type: 'string', value: 'table|json', group: 'plan', describe: 'plan output format (default: table)' },
  { name: 'offline', type: 'boolean', group: 'plan', describe: 'plan without contacting Infisical' },
];

export const PLAN_ONLY: ReadonlySet<string> = new Set(OPTIONS.filter((o) => o.group === 'plan').map((o) => o.name));

// Flags as typed; unset ones stay undefined so lower-precedence layers can fill them.
export interface Flags {
  envFiles?: string[];
  noEnvFile?: boolean;
  contracts?: string[];
  config?: string;
  transports?: Record<string, string[]>;
  aliases?: Record<string, string>;
  service?: string;
  environment?: string;
  timeout?: string;
  require?: boolean;
  override?: boolean;
  scrubBootstrap?: boolean;
  allowKeys?: string[];
  quiet?: boolean;
  verbose?: boolean;
  format?: string;
  offline?: boolean;
}
