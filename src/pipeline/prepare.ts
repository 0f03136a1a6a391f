import { loadEnvFiles, mergeEnvFileLayers, uncarriableInLayers, type SourcedValue } from '../sources/env-files.js';
import { readSettings } from '../settings/read-settings.js';
import { readBootstrap, type Bootstrap } from '../sources/read-bootstrap.js';
import { checkSlug } from '../settings/settings-layer.js';
import { resolveEnvironment, type Settings } from '../settings/settings.js';
import type { ContractScan, Requirement } from '../contracts/types.js';
import { configError } from '../errors.js';
import type { FetchOutcome } from '../infisical/types.js';
import { resolveFetchedKeys } from '../resolve/resolve-keys.js';
import { mergeEnv, type MergeResult } from '../merge/merge-env.js';
import { refuseDangerousKeys } from '../resolve/dangerous-keys.js';
import { unpassableToReport, type Unpassable } from '../merge/unpassable.js';
import { buildPlan, foldersNeeded } from '../plan/build-plan.js';
import { FolderQueue } from '../infisical/folder-queue.js';
import type { PlannedKey } from '../plan/types.js';
import type { Flags } from '../settings/options.js';
import { trace } from '../util/trace.js';

export interface Invocation {
  flags: Flags;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface Prepared {
  settings: Settings;
  environment: string;
  bootstrap: Bootstrap;
  envFileVars: Map<string, SourcedValue>;
  scan: ContractScan | undefined; // undefined when contracts were not scanned (no Infisical, lenient)
  plan: PlannedKey[];
  fetch: FetchOutcome | undefined; // undefined when Infisical was not contacted
  hidden: Map<string, string>; // planned keys Infisical holds but this identity may not read
  refused: { key: string; folder: string }[]; // dangerous keys Infisical served and --allow-key did not name
  unpassable: Unpassable[]; // values no environment can carry (a NUL character), left out
  merge: MergeResult;
}

export type Mode = { kind: 'run' } | { kind: 'plan'; offline: boolean };

const loadContractsStage = () => import('../chunks/contracts-stage.js');


// The pipeline up to the child's environment: settings → env files → bootstrap → contracts → plan →
// fetch → merge. Nothing here prints; problems travel in the result or as thrown errors.
export const prepare = async (invocation: Invocation, mode: Mode): Promise<Prepared> => {
  const { flags, env, cwd } = invocation;
  const { settings, layers } = await readSettings(flags, env, cwd);
  trace('settings');

  const envFileLayers = loadEnvFiles(settings.envFiles, cwd);
  const envFileVars = mergeEnvFileLayers(envFileLayers);
  const bootstrap = readBootstrap(env, envFileVars);
  const fromBootstrap = bootstrap.environment;
  if (fromBootstrap) checkSlug(fromBootstrap.value, 'environment slug', fromBootstrap.name, configError);
  const environment = resolveEnvironment(layers, fromBootstrap?.value);
  trace('env files and bootstrap');

  // Without Infisical a lenient run is plain dotenv: the contracts are not even read.
  const online = bootstrap.addr !== undefined && !(mode.kind === 'plan' && mode.offline);
  const needsScan = mode.kind === 'plan' || online || settings.require;
  let scan: ContractScan | undefined;
  let plan: PlannedKey[] = [];
  const folders = new FolderQueue();
  let fetching: Promise<FetchOutcome> | undefined;
  if (online) {
    const { fetchFolders } = await import('../chunks/fetch-stage.js');
    trace('fetch stage loaded');
    fetching = fetchFolders({
      addr: bootstrap.addr,
      clientId: bootstrap.clientId,
      clientSecret: bootstrap.clientSecret,
      token: bootstrap.token,
      projectId: bootstrap.projectId,
      environment,
      folders,
      timeoutMs: settings.timeoutMs,
    });
    // One turn of the event loop lets the login's connection open and its request go out, so the
    // server answers it while the contract scan runs.
    await new Promise((resolve) => setImmediate(resolve));
    trace('login sent');
  }
  try {
    if (needsScan) {
      const stage = await loadContractsStage();
      trace('contracts stage loaded');
      // Online, each folder is listed as soon as a contract first needs it.
      const needFolders = (requirements: readonly Requirement[]): void => {
        for (const folder of foldersNeeded(requirements, settings.service)) folders.push(folder);
      };
      scan = await stage.scanTree(settings.contracts, cwd, { transports: settings.transports, aliases: settings.aliases }, online ? needFolders : undefined);
      trace(`${scan.contracts.length} contracts scanned, ${scan.requirements.length} requirements`);
      plan = buildPlan({ requirements: scan.requirements, service: settings.service });
      trace(`${plan.length} keys planned`);
    }
  } catch (error) {
    // The fetch winds down (its requests end, its deadline timer is cleared, its connections are
    // closed or left to close without holding the process) before the error is reported.
    folders.close();
    await fetching;
    throw error;
  }
  folders.close();
  const fetch = await fetching;
  if (fetch) trace(`${fetch.requests} requests answered`);

  const resolution = resolveFetchedKeys(plan, fetch?.folders ?? new Map());
  const { kept, refused } = refuseDangerousKeys(resolution.fetched, settings.allowKeys, (key) => settings.override || env[key] === undefined);
  const unpassable = unpassableToReport({
    inherited: env,
    fetched: kept,
    fromInfisical: resolution.unpassable,
    fromFiles: uncarriableInLayers(envFileLayers),
    override: settings.override,
    scrubBootstrap: settings.scrubBootstrap,
  });
  const merge = mergeEnv({
    inherited: env,
    envFiles: envFileVars,
    fetched: kept,
    plan,
    override: settings.override,
    scrubBootstrap: settings.scrubBootstrap,
  });
  return { settings, environment, bootstrap, envFileVars, scan, plan, fetch, hidden: resolution.hidden, refused, unpassable, merge };
};
