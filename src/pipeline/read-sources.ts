import { configError } from '../errors.js';
import type { SettingsLayer } from '../settings/settings-layer.js';
import { checkSlug } from '../settings/settings-layer.js';
import { resolveEnvironment, type Settings } from '../settings/settings.js';
import { loadEnvFiles, mergeEnvFileLayers } from '../sources/env-files.js';
import { expandLayers } from '../sources/expand-env.js';
import { readBootstrap } from '../sources/read-bootstrap.js';
import type { Env, Sources } from './types.js';

// The env files, then the bootstrap variables (environment first, then the files), then the
// Infisical environment, which a bootstrap variable may set.
export const readSources = (settings: Settings, layers: readonly SettingsLayer[], env: Env, cwd: string): Sources => {
  const read = loadEnvFiles(settings.envFiles, cwd);
  const envFileLayers = settings.expand ? expandLayers(read, env) : read;
  const envFileVars = mergeEnvFileLayers(envFileLayers);
  const bootstrap = readBootstrap(env, envFileVars);
  const fromBootstrap = bootstrap.environment;
  if (fromBootstrap) checkSlug(fromBootstrap.value, 'environment slug', fromBootstrap.name, configError);
  return { envFileLayers, envFileVars, bootstrap, environment: resolveEnvironment(layers, fromBootstrap?.value) };
};
