import type { PlannedKey } from '../plan/types.js';
import type { FolderAction, KeyAction, KeyActionName, LiveFolder, SeedAction } from './seed-actions.js';
import { folderChain, seedFolder, type SeedTarget } from './seed-target.js';
import { asStored, isPlaceholder, type SourcedValue } from './value-sources.js';

export interface SeedOptions {
  setValues: boolean; // write the sources' values (without it only --create-empty writes anything)
  overwriteExisting: boolean; // replace a different non-empty value
  allowPlaceholders: boolean; // write values that look like placeholders
  createEmpty: boolean; // create absent keys that have no value, empty (shared folders only)
}

export interface SeedInput {
  keys: readonly PlannedKey[];
  target: SeedTarget;
  sources: ReadonlyMap<string, SourcedValue>;
  live: ReadonlyMap<string, LiveFolder>; // every folder of foldersToLook(), as a read-only look found it
  options: SeedOptions;
}

// The folders the caller must look at before planning: each key's target folder and, above it, its
// ancestors (a missing folder is created segment by segment, only where a segment is missing).
export const foldersToLook = (keys: readonly PlannedKey[], target: SeedTarget): string[] => {
  const folders = new Set<string>();
  for (const key of keys) for (const folder of folderChain(seedFolder(key, target))) folders.add(folder);
  return [...folders];
};

const UNLOOKED: LiveFolder = { kind: 'failed', reason: 'not looked at' };

// A missing folder can be created only under ancestors whose state is known; one that could not be
// read makes the folder unread too (never a create on a guess).
const folderState = (folder: string, live: ReadonlyMap<string, LiveFolder>): LiveFolder => {
  const own = live.get(folder) ?? UNLOOKED;
  if (own.kind !== 'missing') return own;
  for (const ancestor of folderChain(folder).slice(0, -1)) {
    const state = live.get(ancestor) ?? UNLOOKED;
    if (state.kind === 'failed') return { kind: 'failed', reason: `${ancestor}: ${state.reason}` };
  }
  return own;
};

type Decision = { action: KeyActionName; source: SourcedValue | undefined };

// Pure: one key in one readable folder. `existing` is undefined when the folder has no local copy.
export const decideKey = (
  existing: string | undefined,
  imported: boolean,
  source: SourcedValue | undefined,
  options: SeedOptions & { serviceFolder: boolean },
): Decision => {
  const given = options.setValues && source !== undefined && source.value !== '' ? source : undefined;
  const refused = given !== undefined && !options.allowPlaceholders && isPlaceholder(given.value);
  if (existing === undefined) {
    if (imported) return { action: 'skip-imported', source: undefined };
    if (refused) return { action: 'skip-placeholder', source: given };
    if (given !== undefined) return { action: 'create', source: given };
    // An empty key in a service folder would hide the shared value from that service.
    if (options.createEmpty && !options.serviceFolder) return { action: 'create-empty', source: undefined };
    return { action: 'skip-no-value', source: undefined };
  }
  if (!options.setValues) return { action: 'skip-exists', source: undefined };
  // A source without the key, or with an empty value, never blanks what is there.
  if (given === undefined) return { action: existing === '' ? 'skip-no-value' : 'skip-exists', source: undefined };
  if (asStored(given.value) === existing) return { action: 'unchanged', source: given };
  if (existing !== '' && !options.overwriteExisting) return { action: 'skip-exists', source: undefined };
  if (refused) return { action: 'skip-placeholder', source: given };
  return { action: existing === '' ? 'fill' : 'overwrite', source: given };
};

const WRITES_INTO_FOLDER: ReadonlySet<KeyActionName> = new Set(['create', 'create-empty']);

// Pure: every planned key's action, after the folders to create (parents first, each once, only
// where a key will be written). Names, folders and sources; never a value.
export const planSeed = ({ keys, target, sources, live, options }: SeedInput): SeedAction[] => {
  const toCreate = new Set<string>();
  const keyActions: KeyAction[] = [];
  for (const entry of keys) {
    const folder = seedFolder(entry, target);
    const state = folderState(folder, live);
    if (state.kind === 'failed') {
      keyActions.push({ action: 'error-unread', key: entry.key, folder, source: null, reason: state.reason });
      continue;
    }
    const listed = state.kind === 'listed' ? state : undefined;
    const existing = listed?.values.get(entry.key);
    const imported = listed?.imported.has(entry.key) ?? false;
    const { action, source } = decideKey(existing, imported, sources.get(entry.key), { ...options, serviceFolder: target.kind === 'service' });
    keyActions.push({ action, key: entry.key, folder, source: source?.source ?? null });
    if (state.kind === 'missing' && WRITES_INTO_FOLDER.has(action)) {
      for (const segment of folderChain(folder)) if (live.get(segment)?.kind === 'missing') toCreate.add(segment);
    }
  }
  // A Set of chains added top-down keeps every parent before its children.
  const folderActions: FolderAction[] = [...toCreate].map((folder) => {
    const chain = folderChain(folder);
    const parent = chain.length > 1 ? chain[chain.length - 2]! : '/';
    return { action: 'create-folder', folder, parent, name: folder.slice(parent.length, -1) };
  });
  return [...folderActions, ...keyActions];
};
