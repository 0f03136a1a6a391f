import { FolderQueue } from '../infisical/folder-queue.js';
import type { FetchOutcome } from '../infisical/types.js';
import { keysByFolder } from '../plan/build-plan.js';
import type { PlannedKey } from '../plan/types.js';
import { resolveKeys } from '../resolve/resolve.js';
import { statRoot } from '../contracts/contract-roots.js';
import { firstIn } from '../settings/options.js';
import { pathBeforeFetch } from '../merge/child-path.js';
import { readSettings } from '../settings/read-settings.js';
import type { ContractScan } from '../contracts/types.js';
import { ownValue } from '../util/env-value.js';
import { trace } from '../util/trace.js';
import { mergeStep } from './merge-step.js';
import { readSources } from './read-sources.js';
import { scanAndPlan } from './scan-and-plan.js';
import { startFetch } from './start-fetch.js';
import type { Invocation, Mode, Prepared } from './types.js';

export type { Invocation, Mode, Prepared } from './types.js';

// The pipeline up to the child's environment: settings → sources → contracts → plan → infisical →
// resolve → merge (docs/layout.md). The fetch starts before the scan and lists each folder as the
// scan first needs it. Nothing here prints; problems travel in the result or as thrown errors.
export const prepare = async ({ flags, env, cwd }: Invocation, mode: Mode): Promise<Prepared> => {
  const { settings, layers } = await readSettings(flags, env, cwd);
  trace('settings');
  const sources = readSources(settings, layers, env, cwd);
  trace('env files and bootstrap');
  // A command that cannot start is said before any request: the env files are read first, since
  // they may set the PATH it is looked up in.
  if (mode.kind === 'run' && mode.checkCommand !== undefined) {
    const known = pathBeforeFetch(env, sources.envFileVars, settings);
    if (known !== undefined) mode.checkCommand(known.path);
    trace('command found');
  }

  // Without Infisical a lenient run is plain dotenv: the contracts are not even read.
  const online = sources.bootstrap.addr !== undefined && !(mode.kind === 'plan' && mode.offline);
  // Roots the user named must exist even on a run that does not read them (no Infisical): a stat each.
  const named = firstIn(layers, 'contracts') !== undefined;
  if (named) for (const root of settings.contracts) statRoot(root, cwd);
  const folders = new FolderQueue();
  const fetching = online ? (await startFetch(sources, settings, folders, env)).fetching : undefined;
  let scanned: { scan: ContractScan | undefined; plan: PlannedKey[] } = { scan: undefined, plan: [] };
  try {
    if (mode.kind === 'plan' || online || settings.require) {
      scanned = await scanAndPlan(settings, cwd, online ? (folder) => folders.push(folder) : undefined, named);
    }
    folders.close(keysByFolder(scanned.plan));
    if (fetching !== undefined && mode.kind === 'run') mode.whileAnswersArrive?.();
  } finally {
    // The first close() settles what the fetch wants; this one, after an error, settles it as nothing.
    // On an error too, the fetch winds down (its requests end, its deadline timer is cleared, its
    // connections are closed or left to close without holding the process) before it is reported.
    folders.close();
    await fetching?.catch(() => undefined);
  }
  const fetch: FetchOutcome | undefined = await fetching;
  if (fetch) trace(`${fetch.requests} requests answered${fetch.listedEach.length > 0 ? `; listed folder by folder: ${fetch.listedEach.join(', ')}` : ''}`);

  const { scan, plan } = scanned;
  // The offline cache, when on: cached folders stand in for those that failed transiently (a step of
  // its own, loaded only then), and the folders that arrived are kept for next time.
  const offline =
    fetch !== undefined && settings.offlineCache !== undefined
      ? (await import('../chunks/offline-stage.js')).offlineStep({ settings, sources, plan, fetch, env })
      : undefined;
  if (offline !== undefined) trace(`offline cache: ${offline.served.size} folders served`);
  const resolved = resolveKeys({
    plan,
    folders: offline === undefined || offline.served.size === 0 ? (fetch?.folders ?? new Map()) : new Map([...fetch!.folders, ...offline.served]),
    // A failed login names no folder: with nothing arrived, no folder stood in for another. Once the
    // cache serves some, those it did not serve are failed folders, so a served shared folder never
    // stands in for a service folder that could not be read.
    failed: new Set([...(fetch?.failures ?? []).flatMap((f) => (f.folder === undefined ? [] : [f.folder])), ...(offline?.served.size ? offline.unserved : [])]),
    allowKeys: settings.allowKeys,
    wouldWin: (key) => settings.override || ownValue(env, key) === undefined,
  });
  const { merge, unpassable } = mergeStep(env, sources, plan, resolved, settings, mode.kind === 'run' ? mode.environmentRoom : undefined);
  return { settings, sources, scan, plan, fetch, offline, resolved, unpassable, merge };
};

// A run with no contract read, no key planned, no Infisical and no value left out: plain dotenv, with
// nothing for assess() to find.
export const nothingToAssess = (prepared: Prepared): boolean =>
  prepared.scan === undefined && prepared.plan.length === 0 && prepared.fetch === undefined && prepared.unpassable.length === 0;
