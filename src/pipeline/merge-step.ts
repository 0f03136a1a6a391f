import { fitEnvironment } from '../merge/fit-environment.js';
import { mergeEnv, type MergeResult } from '../merge/merge-env.js';
import { unpassableToReport, type Unpassable } from '../merge/unpassable.js';
import type { PlannedKey } from '../plan/types.js';
import type { Resolved } from '../resolve/resolve.js';
import type { Settings } from '../settings/settings.js';
import { uncarriableInLayers } from '../sources/env-files.js';
import type { Env, Sources } from './types.js';

// The child's environment from every source, and the values left out that would have reached it:
// those no environment can carry, then those left out to fit the system's limit (`room`, the bytes the
// environment may take; undefined when there is no child or no known limit).
export const mergeStep = (
  env: Env,
  sources: Sources,
  plan: readonly PlannedKey[],
  resolved: Resolved,
  settings: Settings,
  room: number | undefined,
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
  const merged = mergeEnv({ inherited: env, envFiles: sources.envFileVars, fetched: resolved.fetched, plan, override, scrubBootstrap });
  const { merge, leftOut } = fitEnvironment({ merge: merged, inherited: env, envFiles: sources.envFileVars, room });
  return { merge, unpassable: [...unpassable, ...leftOut] };
};
