import { SecretsRunError } from '../../errors.js';
import { openClient } from '../../infisical/open-client.js';
import type { PlannedKey } from '../../plan/types.js';
import { foldersToLook, planSeed, type SeedOptions } from '../../seed/plan-seed.js';
import type { SeedAction } from '../../seed/seed-actions.js';
import { seedFolder, type SeedTarget } from '../../seed/seed-target.js';
import type { SourcedValue } from '../../seed/value-sources.js';
import type { Env, Prepared } from '../types.js';
import { lookLive } from './look-live.js';
import { writeSeed, type WriteResult } from './write-seed.js';

export interface SeedRequest {
  prepared: Pick<Prepared, 'settings' | 'sources' | 'plan'>;
  target: SeedTarget;
  sources: ReadonlyMap<string, SourcedValue>;
  options: SeedOptions;
  execute: boolean;
  env: Env;
}

export interface SeedOutcome {
  actions: SeedAction[];
  results: Map<SeedAction, WriteResult> | undefined; // only when it wrote
  requests: number;
  logins: number;
}

// The keys each folder is asked about: those the plan writes there.
const keysIn = (plan: readonly PlannedKey[], target: SeedTarget): Map<string, Set<string>> => {
  const keys = new Map<string, Set<string>>();
  for (const entry of plan) {
    const folder = seedFolder(entry, target);
    keys.set(folder, (keys.get(folder) ?? new Set()).add(entry.key));
  }
  return keys;
};

// seed: a read-only look at every folder the plan's keys go to, the actions decided from it, and
// with `execute` the writes. A login or setting that fails is thrown before anything is written.
export const runSeed = async ({ prepared, target, sources, options, execute, env }: SeedRequest): Promise<SeedOutcome> => {
  const { settings, plan } = prepared;
  const opened = openClient({ config: prepared.sources.bootstrap, inherited: env, tokenCache: settings.tokenCache });
  if ('failures' in opened) {
    const [first, ...more] = opened.failures;
    throw new SecretsRunError(first!.code, first!.reason, { details: more.map((f) => f.reason), hint: 'seed needs the same Infisical settings as a run' });
  }
  const { client, projectId } = opened;
  try {
    const scope = { projectId, environment: prepared.sources.environment };
    client.begin(settings.timeoutMs);
    const live = await lookLive(client, scope, foldersToLook(plan, target), keysIn(plan, target));
    const actions = planSeed({ keys: plan, target, sources, live, options });
    let results: Map<SeedAction, WriteResult> | undefined;
    if (execute) {
      // Its own deadline: the writes may follow a long look at many folders.
      client.begin(settings.timeoutMs);
      results = await writeSeed({ client, scope, actions, sources, options: { ...options, serviceFolder: target.kind === 'service' } });
    }
    return { actions, results, requests: client.requests, logins: client.logins };
  } finally {
    client.close();
  }
};
