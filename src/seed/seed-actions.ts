// What `seed` does, one action per key (and one per folder it creates). Names only, never a value.

export const KEY_ACTIONS = [
  'create', // absent: written with the source's value
  'create-empty', // absent, no value: created empty (only with --create-empty, never in a service folder)
  'fill', // present but empty: given the source's value
  'overwrite', // present, different: replaced (only with --overwrite-existing)
  'unchanged', // present with the source's value already
  'skip-exists', // present with a value that is left as it is
  'skip-imported', // seen only through a secret import: a local copy would shadow it
  'skip-no-value', // nothing to write: no source has a non-empty value (or no --set-values)
  'skip-placeholder', // the source's value looks like a placeholder (without --allow-placeholders)
  'error-unread', // the folder (or a parent) could not be read: nothing is decided, nothing written
] as const;

export type KeyActionName = (typeof KEY_ACTIONS)[number];
export type SeedActionName = 'create-folder' | KeyActionName;
export const SEED_ACTIONS: readonly SeedActionName[] = ['create-folder', ...KEY_ACTIONS];

export interface FolderAction {
  action: 'create-folder';
  folder: string; // '/services/api/'
  parent: string; // '/services/'
  name: string; // 'api'
}

export interface KeyAction {
  action: KeyActionName;
  key: string;
  folder: string;
  source: string | null; // where the value written (or compared, or refused) came from
  reason?: string; // error-unread: why the folder could not be read
}

export type SeedAction = FolderAction | KeyAction;

// What a read-only look at the server found at one folder. A failed look is never "missing": the
// upstream seed took a transient 5xx for an absent key and then failed creating it.
export type LiveFolder =
  { kind: 'listed'; values: ReadonlyMap<string, string>; imported: ReadonlySet<string> } | { kind: 'missing' } | { kind: 'failed'; reason: string };

// What became of one action when seed wrote: done (`as` another action when its folder changed
// meanwhile and it was decided again), failed (why), or decided again into an action that writes nothing.
export type ActionResult = { status: 'done'; as?: KeyActionName } | { status: 'failed'; reason: string } | { status: 'changed'; now: KeyActionName };
