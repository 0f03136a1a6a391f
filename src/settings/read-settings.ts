import { resolve } from 'node:path';
import { lstatQuietly } from '../util/lstat-quietly.js';
import { readEnvSettings, readVariable } from './env-settings.js';
import { OPTIONS, type Flags, type SettingsLayer } from './options.js';
import { DEFAULT_CONFIG_FILE, flagsLayer, resolveSettings, type Settings } from './settings.js';

export interface SettingsRead {
  settings: Settings;
  layers: SettingsLayer[]; // highest precedence first; the environment slug is resolved from them later
}

// Flags, then SECRETS_RUN_* variables, then the config file when there is one.
export const readSettings = async (flags: Flags, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<SettingsRead> => {
  const layers: SettingsLayer[] = [flagsLayer(flags), readEnvSettings(env)];
  const configPath = flags.config ?? (readVariable(OPTIONS.config, env) as string | undefined);
  // lstat, not exists: a default config file that is a link to nothing is a broken config, and an
  // error like any other (existsSync would call it absent and run without it).
  if (configPath !== undefined || lstatQuietly(resolve(cwd, DEFAULT_CONFIG_FILE)) !== undefined) {
    layers.push((await import('../chunks/config-stage.js')).readConfigFile(configPath ?? DEFAULT_CONFIG_FILE, cwd));
  }
  return { settings: resolveSettings(layers), layers };
};
