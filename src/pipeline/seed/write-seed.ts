import type { InfisicalClient, ListScope } from '../../infisical/client.js';
import { createFolder } from '../../infisical/routes/folders.js';
import { lookAtFolder } from '../../infisical/routes/seed-look.js';
import { MAX_BATCH, writeBatch, type BatchMode, type SecretWrite } from '../../infisical/routes/write-secrets.js';
import { decideKey, type SeedOptions } from '../../seed/plan-seed.js';
import type { ActionResult, KeyAction, KeyActionName, SeedAction } from '../../seed/seed-actions.js';
import { folderChain } from '../../seed/seed-target.js';
import type { SourcedValue } from '../../seed/value-sources.js';
import { runBounded } from '../../util/run-bounded.js';
import { isInfisicalError } from '../../infisical/errors.js';

export type WriteResult = ActionResult;

// Once writing has begun, every failure is one action's, a failed re-login too: what was written
// stays said (exit 1, not 125).
const failed = (error: unknown): WriteResult => {
  if (!isInfisicalError(error)) throw error;
  return { status: 'failed', reason: error.reason };
};

const MODE: Partial<Record<KeyActionName, BatchMode>> = { create: 'create', 'create-empty': 'create', fill: 'update', overwrite: 'update' };

// Folders at once within Infisical's limits: each batch is one request, and the sender waits out a
// 429's Retry-After within the deadline.
const FOLDERS_AT_ONCE = 4;

export interface WriteInput {
  client: InfisicalClient;
  scope: ListScope;
  actions: readonly SeedAction[];
  sources: ReadonlyMap<string, SourcedValue>;
  options: SeedOptions & { serviceFolder: boolean };
}

async function* each<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

// Missing folders top-down, a level at once; a folder under one that was not made is not tried.
// Returns, for any folder, why it (or a parent) is not there, or undefined when nothing stands in its way.
const createFolders = async (client: InfisicalClient, scope: ListScope, actions: readonly SeedAction[], results: Map<SeedAction, WriteResult>) => {
  const unmade = new Map<string, string>();
  const blocked = (folder: string): string | undefined => {
    for (const segment of folderChain(folder)) if (unmade.has(segment)) return `folder ${segment} was not created (${unmade.get(segment)!})`;
    return undefined;
  };
  const folderActions = actions.filter((a) => a.action === 'create-folder');
  const depths = [...new Set(folderActions.map((a) => folderChain(a.folder).length))].sort((a, b) => a - b);
  for (const depth of depths) {
    const level = folderActions.filter((a) => folderChain(a.folder).length === depth);
    await Promise.all(
      level.map(async (a) => {
        const before = blocked(a.folder);
        if (before !== undefined) return void results.set(a, { status: 'failed', reason: before });
        try {
          await createFolder(client, scope, a.parent, a.name);
          results.set(a, { status: 'done' });
        } catch (error) {
          const result = failed(error) as { status: 'failed'; reason: string };
          unmade.set(a.folder, result.reason);
          results.set(a, result);
        }
      }),
    );
  }
  return blocked;
};

// Someone wrote meanwhile: the folder as it is now, each key decided again, and what still writes
// written once more; a second race is a failure the next seed sorts out.
const decideAgain = async (input: WriteInput, folder: string, keys: readonly KeyAction[], results: Map<SeedAction, WriteResult>): Promise<void> => {
  const { client, scope, sources, options } = input;
  let look;
  try {
    look = await lookAtFolder(client, scope, folder, new Set(keys.map((k) => k.key)));
  } catch (error) {
    const result = failed(error);
    return void keys.forEach((k) => results.set(k, result));
  }
  const again = new Map<BatchMode, { action: KeyAction; now: KeyActionName }[]>();
  for (const k of keys) {
    const now = decideKey(look?.values.get(k.key), look?.imported.has(k.key) ?? false, sources.get(k.key), options).action;
    const mode = MODE[now];
    if (mode === undefined) results.set(k, { status: 'changed', now });
    else again.set(mode, [...(again.get(mode) ?? []), { action: k, now }]);
  }
  for (const [mode, list] of again) {
    const writes = list.map((e) => ({ key: e.action.key, value: valueOf(sources, e.now, e.action.key) }));
    const outcome = await attemptBatch(client, scope, folder, mode, writes);
    const settled: WriteResult = outcome === 'raced' ? { status: 'failed', reason: `${folder} kept changing while seed wrote; run seed again` } : outcome;
    for (const e of list) results.set(e.action, settled.status === 'done' && e.now !== e.action.action ? { status: 'done', as: e.now } : settled);
  }
};

const valueOf = (sources: ReadonlyMap<string, SourcedValue>, action: KeyActionName, key: string): string =>
  action === 'create-empty' ? '' : sources.get(key)!.value;

// The planned writes: missing folders first, then per folder one batch of creates and one of updates.
// Every failure is recorded and the rest still attempted; a batch refused because a key appeared (or
// vanished) meanwhile is looked at again and its keys decided anew, once.
export const writeSeed = async (input: WriteInput): Promise<Map<SeedAction, WriteResult>> => {
  const { client, scope, actions, sources } = input;
  const results = new Map<SeedAction, WriteResult>();
  const blocked = await createFolders(client, scope, actions, results);
  const byFolder = new Map<string, KeyAction[]>();
  for (const a of actions) {
    if (a.action === 'create-folder' || MODE[a.action] === undefined) continue;
    byFolder.set(a.folder, [...(byFolder.get(a.folder) ?? []), a]);
    // A server that echoes a request in its error never shows the value.
    if (a.action !== 'create-empty') client.redactor.add(valueOf(sources, a.action, a.key));
  }
  const writeFolder = async (folder: string): Promise<void> => {
    const keys = byFolder.get(folder)!;
    const before = blocked(folder);
    if (before !== undefined) return void keys.forEach((k) => results.set(k, { status: 'failed', reason: before }));
    const raced: KeyAction[] = [];
    for (const mode of ['create', 'update'] as const) {
      const these = keys.filter((k) => MODE[k.action] === mode);
      for (let i = 0; i < these.length; i += MAX_BATCH) {
        const batch = these.slice(i, i + MAX_BATCH);
        const outcome = await attemptBatch(
          client,
          scope,
          folder,
          mode,
          batch.map((k) => ({ key: k.key, value: valueOf(sources, k.action, k.key) })),
        );
        if (outcome === 'raced') raced.push(...batch);
        else for (const k of batch) results.set(k, outcome);
      }
    }
    if (raced.length > 0) await decideAgain(input, folder, raced, results);
  };
  await runBounded(each([...byFolder.keys()]), FOLDERS_AT_ONCE, writeFolder);
  return results;
};

const attemptBatch = async (
  client: InfisicalClient,
  scope: ListScope,
  folder: string,
  mode: BatchMode,
  writes: SecretWrite[],
): Promise<WriteResult | 'raced'> => {
  try {
    const result = await writeBatch(client, scope, folder, mode, writes);
    if (result.kind === 'written') return { status: 'done' };
    if (result.kind === 'raced') return 'raced';
    return { status: 'failed', reason: result.reply.failure().inFolder(folder).reason };
  } catch (error) {
    return failed(error);
  }
};
