import { mergeEnv, type MergeResult } from '../merge/merge-env.js';
import { unpassableToReport, type Unpassable } from '../merge/unpassable.js';
import type { PlannedKey } from '../plan/types.js';
import type { Resolved } from '../resolve/resolve.js';
import type { Settings } from '../settings/settings.js';
import { uncarriableInLayers } from '../sources/env-files.js';
import type { Env, Sources } from './types.js';

// The child's environment from every source, and the values left out that would have reached it.
export const mergeStep = (
  env: Env,
  sources: Sources,
  plan: readonly PlannedKey[],
  resolved: Resolved,
  settings: Settings,
): { merge: MergeResult; unpassable: Unpassable[] } => {
  const { override, scrubBootstrap } = settings;
  const unpassable = unpassableToReport({
    inherited: env,
    fetched: resolved.fetched,
    fromInfisical: resolved.unpassable,
    fromFiles: uncarriableInLayers(sources.envFileLayers),
    override,
    scrubBootstrap,
  });
  const merge = mergeEnv({ inherited: env, envFiles: sources.envFileVars, fetched: resolved.fetched, plan, override, scrubBootstrap });
  return { merge, unpassable };
};
