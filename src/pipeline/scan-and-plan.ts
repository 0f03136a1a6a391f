import { relative, resolve } from 'node:path';
import type { ContractScan, Requirement } from '../contracts/types.js';
import { buildPlan, foldersNeeded } from '../plan/build-plan.js';
import type { PlannedKey } from '../plan/types.js';
import type { Settings } from '../settings/settings.js';
import { trace } from '../util/trace.js';

// Reads the contracts (loading js-yaml only here) and plans their keys. needFolder, when given,
// hears of each folder as soon as a contract first needs it, so it can be listed during the scan.
//
// contractsNamed: whether --contracts, SECRETS_RUN_CONTRACTS or the config file gave the roots. The
// default `.` in a working directory of / (a Docker image without WORKDIR) would walk every checkout
// on the machine and plan their keys: it is refused without a walk, as a contract problem.
export const scanAndPlan = async (
  settings: Settings,
  cwd: string,
  needFolder: ((folder: string) => void) | undefined,
  contractsNamed = true,
): Promise<{ scan: ContractScan; plan: PlannedKey[] }> => {
  const roots = settings.contracts.map((root) => relative(cwd, resolve(cwd, root)) || (resolve(cwd, root) === '/' ? '/' : '.'));
  if (!contractsNamed && settings.contracts.every((root) => resolve(cwd, root) === '/')) {
    const message =
      "the working directory is /, which is not walked for contracts (the whole filesystem): give --contracts / to walk it, or start in the service's directory";
    return { scan: { contracts: [], roots, requirements: [], transports: [], problems: [{ file: '/', message }] }, plan: [] };
  }
  const stage = await import('../chunks/contracts-stage.js');
  trace('contracts stage loaded');
  const onRequirements =
    needFolder === undefined
      ? undefined
      : (requirements: readonly Requirement[]): void => {
          for (const folder of foldersNeeded(requirements, settings.service)) needFolder(folder);
        };
  const scan = await stage.scanTree(settings.contracts, cwd, { transports: settings.transports, aliases: settings.aliases }, onRequirements);
  scan.roots = roots;
  trace(`${scan.contracts.length} contracts scanned, ${scan.requirements.length} requirements`);
  const plan = buildPlan({ requirements: scan.requirements, service: settings.service });
  trace(`${plan.length} keys planned`);
  return { scan, plan };
};
