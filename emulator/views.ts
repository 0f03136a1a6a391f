// Builds the response objects of the secret routes from the store: SecretRaw rows, import entries
// and single-secret lookups. Pure functions of the store, so routes stay about HTTP only.
import type { Store, StoredFolder, StoredSecret } from './seed.js';
import { findSecret } from './seed.js';
import { expandSecretValue } from './expand.js';
import type { SecretLookup } from './expand.js';

export const HIDDEN_MASK = '<hidden-by-infisical>';
const MAX_IMPORT_DEPTH = 10;
const MAX_RECURSIVE_DEPTH = 20;

export interface ReadOptions {
  projectId: string;
  env: string;
  path: string;
  expand: boolean;
  viewValue: boolean;
  includeImports: boolean;
  createdAt: string;
}

type Row = Record<string, unknown>;

function valueOf(s: StoredSecret, env: string, path: string, o: ReadOptions, lookup: SecretLookup): { secretValue: string; secretValueHidden: boolean } {
  if (s.hidden || !o.viewValue) return { secretValue: HIDDEN_MASK, secretValueHidden: true };
  return { secretValue: o.expand ? expandSecretValue(s, env, path, lookup) : s.value, secretValueHidden: false };
}

function baseRow(s: StoredSecret, workspace: string, env: string, path: string, o: ReadOptions, lookup: SecretLookup): Row {
  const { secretValue, secretValueHidden } = valueOf(s, env, path, o, lookup);
  return {
    id: s.id,
    _id: s.id,
    workspace,
    environment: env,
    version: 1,
    type: 'shared',
    secretKey: s.key,
    secretValue,
    secretComment: s.comment,
    secretReminderNote: null,
    secretReminderRepeatDays: null,
    skipMultilineEncoding: s.skipMultilineEncoding,
    secretValueHidden,
    secretMetadata: [],
  };
}

/** A row of `secrets[]` (or the single-secret `secret`). */
function fullRow(s: StoredSecret, env: string, path: string, o: ReadOptions, lookup: SecretLookup): Row {
  return {
    ...baseRow(s, o.projectId, env, path, o, lookup),
    createdAt: o.createdAt,
    updatedAt: o.createdAt,
    actor: null,
    isRotatedSecret: false,
    rotationId: null,
    secretPath: path,
    tags: [],
  };
}

export function lookupIn(store: Store, projectId: string): SecretLookup {
  return (env, path, key) => findSecret(store, projectId, env, path, key);
}

export function getFolder(store: Store, projectId: string, env: string, path: string): StoredFolder | undefined {
  return store.projects.get(projectId)?.envs.get(env)?.folders.get(path);
}

/** The folder itself, or with `recursive` its whole subtree (up to 20 levels), parents first. */
export function selectFolders(store: Store, o: ReadOptions, recursive: boolean): StoredFolder[] {
  const root = getFolder(store, o.projectId, o.env, o.path);
  if (!root) return [];
  if (!recursive) return [root];
  const all = [...(store.projects.get(o.projectId)?.envs.get(o.env)?.folders.values() ?? [])];
  const prefix = o.path === '/' ? '/' : `${o.path}/`;
  const rootDepth = o.path === '/' ? 0 : o.path.split('/').length - 1;
  return all
    .filter((f) => f.path === o.path || (f.path.startsWith(prefix) && f.path.split('/').length - 1 - rootDepth <= MAX_RECURSIVE_DEPTH))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * A recursive listing asking for values drops a sub-folder's secret the identity may not read, where
 * the queried folder's own is returned masked: the newest server's getSecrets filters such a
 * "recursive secret" out (secret-v2-bridge-service).
 */
function listed(s: StoredSecret, folder: StoredFolder, o: ReadOptions): boolean {
  return !(s.hidden && o.viewValue && folder.path !== o.path);
}

export function listRows(store: Store, folders: StoredFolder[], o: ReadOptions): Row[] {
  const lookup = lookupIn(store, o.projectId);
  return folders.flatMap((f) => f.secrets.filter((s) => listed(s, f, o)).map((s) => fullRow(s, o.env, f.path, o, lookup)));
}

interface Collected {
  secret: StoredSecret;
  env: string;
  path: string;
}

/** One `imports[]` entry: the imported folder's secrets, then its own imports flattened in. */
function importEntry(store: Store, from: StoredFolder, fromEnv: string, imp: { environment: string; path: string }, o: ReadOptions): Row | undefined {
  const folder = getFolder(store, o.projectId, imp.environment, imp.path);
  if (!folder) return undefined;
  const collected: Collected[] = [];
  const seen = new Set([`${fromEnv}=${from.path}`, `${imp.environment}=${imp.path}`]);
  const walk = (f: StoredFolder, env: string, depth: number): void => {
    for (const secret of f.secrets) collected.push({ secret, env, path: f.path });
    if (depth >= MAX_IMPORT_DEPTH) return;
    for (const nested of f.imports) {
      const key = `${nested.environment}=${nested.path}`;
      const next = getFolder(store, o.projectId, nested.environment, nested.path);
      if (seen.has(key) || !next) continue;
      seen.add(key);
      walk(next, nested.environment, depth + 1);
    }
  };
  walk(folder, imp.environment, 1);
  // With expansion the server de-duplicates by key: the imported folder's own secret beats nested ones.
  const rows = o.expand ? collected.filter((c, i) => collected.findIndex((d) => d.secret.key === c.secret.key) === i) : collected;
  const lookup = lookupIn(store, o.projectId);
  return {
    secretPath: imp.path,
    environment: imp.environment,
    folderId: folder.id,
    secrets: rows.map((c) => baseRow(c.secret, '', c.env, c.path, o, lookup)),
  };
}

export function importRows(store: Store, folders: StoredFolder[], o: ReadOptions): Row[] {
  if (!o.includeImports) return [];
  return folders.flatMap((f) => f.imports.map((imp) => importEntry(store, f, o.env, imp, o)).filter((e): e is Row => e !== undefined));
}

/** Single-secret read: local first, then imports from last to first (a later import wins). */
export function findOne(store: Store, folder: StoredFolder, key: string, o: ReadOptions): Row | undefined {
  const lookup = lookupIn(store, o.projectId);
  const local = folder.secrets.find((s) => s.key === key);
  if (local) return fullRow(local, o.env, folder.path, o, lookup);
  if (!o.includeImports) return undefined;
  for (const imp of [...folder.imports].reverse()) {
    const entry = importEntry(store, folder, o.env, imp, o);
    const rows = (entry?.secrets ?? []) as Row[];
    const hit = rows.find((r) => r.secretKey === key);
    if (hit) {
      return { ...hit, workspace: o.projectId, createdAt: o.createdAt, updatedAt: o.createdAt, secretPath: imp.path, tags: [] };
    }
  }
  return undefined;
}
