import { usageError } from '../errors.js';
import type { Flags } from './options.js';
import { checkSlug, parseSeconds, type SettingsLayer } from './settings-layer.js';

export const DEFAULT_TIMEOUT_SECONDS = 10;
export const DEFAULT_ENVIRONMENT = 'prod';
export const DEFAULT_CONFIG_FILE = '.secrets-run.yaml';

export interface EnvFileRequest {
  path: string; // as the user wrote it, for messages
  explicit: boolean; // a missing explicit file is an error; a missing default .env is not
}

export interface Settings {
  envFiles: EnvFileRequest[];
  contracts: string[];
  service: string;
  require: boolean;
  override: boolean;
  scrubBootstrap: boolean;
  allowKeys: string[]; // dangerous names Infisical may set anyway
  timeoutMs: number;
  transports: Record<string, string[]>;
  aliases: Record<string, string>;
  quiet: boolean;
  verbose: boolean;
}

// Flags become a layer like the others, validated the same way.
export const flagsLayer = (flags: Flags): SettingsLayer => ({
  origin: 'command line',
  envFiles: flags.noEnvFile ? false : flags.envFiles,
  contracts: flags.contracts,
  service: flags.service === undefined ? undefined : checkSlug(flags.service, 'service slug', '--service', usageError),
  environment: flags.environment === undefined ? undefined : checkSlug(flags.environment, 'environment slug', '--environment', usageError),
  require: flags.require,
  override: flags.override,
  scrubBootstrap: flags.scrubBootstrap,
  allowKeys: flags.allowKeys,
  timeoutSeconds: flags.timeout === undefined ? undefined : parseSeconds(flags.timeout, '--timeout', usageError),
  transports: flags.transports,
  aliases: flags.aliases,
  quiet: flags.quiet,
  verbose: flags.verbose,
});

const pick = <K extends keyof SettingsLayer>(layers: readonly SettingsLayer[], key: K): SettingsLayer[K] | undefined => {
  for (const layer of layers) if (layer[key] !== undefined) return layer[key];
  return undefined;
};

// Per-name merge for the transport and alias tables: a higher layer replaces a name, not the table.
const mergeTables = <V>(layers: readonly SettingsLayer[], key: 'transports' | 'aliases'): Record<string, V> => {
  const merged: Record<string, V> = {};
  for (const layer of [...layers].reverse()) Object.assign(merged, layer[key] ?? {});
  return merged;
};

// Highest precedence first: flag > SECRETS_RUN_* > config file > default.
export const resolveSettings = (layers: readonly SettingsLayer[]): Settings => {
  const envFiles = pick(layers, 'envFiles');
  const quiet = pick(layers, 'quiet') ?? false;
  return {
    envFiles: envFiles === false ? [] : envFiles === undefined ? [{ path: '.env', explicit: false }] : envFiles.map((path) => ({ path, explicit: true })),
    contracts: pick(layers, 'contracts') ?? ['.'],
    service: pick(layers, 'service') ?? '',
    require: pick(layers, 'require') ?? false,
    override: pick(layers, 'override') ?? false,
    scrubBootstrap: pick(layers, 'scrubBootstrap') ?? false,
    allowKeys: pick(layers, 'allowKeys') ?? [],
    timeoutMs: Math.round((pick(layers, 'timeoutSeconds') ?? DEFAULT_TIMEOUT_SECONDS) * 1000),
    transports: mergeTables<string[]>(layers, 'transports'),
    aliases: mergeTables<string>(layers, 'aliases'),
    quiet,
    verbose: !quiet && (pick(layers, 'verbose') ?? false),
  };
};

// The Infisical environment: flag > SECRETS_RUN_ENVIRONMENT > INFISICAL_ENVIRONMENT (or INFISICAL_ENV)
// > config file > prod. The bootstrap variable sits above the config file because it is set per
// deployment, while the config file is committed with the code.
export const resolveEnvironment = (layers: readonly SettingsLayer[], fromBootstrap: string | undefined): string => {
  const high = layers.filter((l) => l.origin === 'command line' || l.origin === 'environment');
  const low = layers.filter((l) => !high.includes(l));
  return pick(high, 'environment') ?? fromBootstrap ?? pick(low, 'environment') ?? DEFAULT_ENVIRONMENT;
};
