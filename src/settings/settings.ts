import { readVariable } from './env-settings.js';
import { OPTION_LIST, OPTIONS, firstIn, outputLevel, type Flags, type Settings, type SettingsLayer } from './options.js';

export { DEFAULT_TIMEOUT_SECONDS, type EnvFileRequest, type Settings } from './options.js';
export const DEFAULT_ENVIRONMENT = 'prod';
export const DEFAULT_CONFIG_FILE = '.secrets-run.yaml';

// Flags become a layer like the others, validated the same way.
export const flagsLayer = (flags: Flags): SettingsLayer => {
  const layer: Record<string, unknown> = { origin: 'command line' };
  const given = flags as Record<string, unknown>;
  for (const [key, row] of OPTION_LIST) {
    if (row.role === 'setting') layer[key] = given[key] === undefined ? undefined : row.kind.check(given[key], row.flag);
  }
  for (const [key, row] of OPTION_LIST) if (row.role === 'negation' && given[key]) layer[row.negates!] = false;
  return layer as SettingsLayer;
};

// Highest precedence first: flag > SECRETS_RUN_* > config file > default.
export const resolveSettings = (layers: readonly SettingsLayer[]): Settings => {
  const settings: Record<string, unknown> = {};
  for (const [key, row] of OPTION_LIST) if (row.settle) settings[row.as ?? key] = row.settle(firstIn(layers, key), layers, key);
  return settings as Settings;
};

// The output level before the settings are read, for --help, --version and the errors met while
// reading them: the same rule as the settings' own (outputLevel), from the flag or else its
// variable. A variable with a bad value counts as unset here; reading the settings reports it.
export const earlyOutputLevel = (flags: Flags, env: Readonly<Record<string, string | undefined>>): { quiet: boolean; verbose: boolean } => {
  const variable = (row: (typeof OPTION_LIST)[number][1]): boolean | undefined => {
    try {
      return readVariable(row, env) as boolean | undefined;
    } catch {
      return undefined;
    }
  };
  return outputLevel(flags.quiet ?? variable(OPTIONS.quiet), flags.verbose ?? variable(OPTIONS.verbose));
};

// The Infisical environment: flag > SECRETS_RUN_ENVIRONMENT > INFISICAL_ENVIRONMENT (or INFISICAL_ENV)
// > config file > prod. The bootstrap variable sits above the config file because it is set per
// deployment, while the config file is committed with the code.
export const resolveEnvironment = (layers: readonly SettingsLayer[], fromBootstrap: string | undefined): string => {
  const high = layers.filter((l) => l.origin === 'command line' || l.origin === 'environment');
  const low = layers.filter((l) => !high.includes(l));
  return (firstIn(high, 'environment') as string | undefined) ?? fromBootstrap ?? (firstIn(low, 'environment') as string | undefined) ?? DEFAULT_ENVIRONMENT;
};
