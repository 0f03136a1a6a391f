import type { ContractScan, Requirement } from '../contracts/types.js';
import { buildPlan, foldersNeeded } from '../plan/build-plan.js';
import type { PlannedKey } from '../plan/types.js';
import type { Settings } from '../settings/settings.js';
import { trace } from '../util/trace.js';

// Reads the contracts (loading js-yaml only here) and plans their keys. needFolder, when given,
// hears of each folder as soon as a contract first needs it, so it can be listed during the scan.
export const scanAndPlan = async (
  settings: Settings,
  cwd: string,
  needFolder: ((folder: string) => void) | undefined,
): Promise<{ scan: ContractScan; plan: PlannedKey[] }> => {
  const stage = await import('../chunks/contracts-stage.js');
  trace('contracts stage loaded');
  const onRequirements =
    needFolder === undefined
      ? undefined
      : (requirements: readonly Requirement[]): void => {
          for (const folder of foldersNeeded(requirements, settings.service)) needFolder(folder);
        };
  const scan = await stage.scanTree(settings.contracts, cwd, { transports: settings.transports, aliases: settings.aliases }, onRequirements);
  trace(`${scan.contracts.length} contracts scanned, ${scan.requirements.length} requirements`);
  const plan = buildPlan({ requirements: scan.requirements, service: settings.service });
  trace(`${plan.length} keys planned`);
  return { scan, plan };
};
