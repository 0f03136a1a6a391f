import { join } from 'node:path';
import { hashedName, sealFile, unsealFile, type KeyInput } from './cache-crypto.js';
import { openCacheDir, type CacheNotes } from './cache-dir.js';
import type { CacheSecret } from './cache-secret.js';
import { tokenFileName } from './token-cache.js';
import { readOwnFile, removeFile, replaceFile } from './token-file.js';

type Env = Readonly<Record<string, string | undefined>>;

// Where the values came from: one server, project, environment and service, read by one identity. All
// of it names the file and goes into the key's HKDF info, so a file copied under another scope's name
// never decrypts.
export interface OfflineScope {
  addr: string;
  projectId: string;
  environment: string;
  service: string;
}

// One folder as it last arrived: the keys planned in it then, the values of those it held, those it hid
// from this identity (names only), and when it was fetched (milliseconds since the epoch). A folder
// Infisical said was missing is kept too, empty: served, it lets the search go on to the next folder
// as it did online. `planned` says which absences are known: a key planned since was never looked for.
export interface CachedFolder {
  fetchedAt: number;
  planned: string[];
  values: Record<string, string>;
  hidden: string[];
}

export type CachedFolders = Map<string, CachedFolder>;

export interface OfflineStore {
  read(): CachedFolders | undefined;
  write(folders: CachedFolders): void;
  remove(): void;
}

const VERSION = 2; // 1: AES-256-GCM (cache/cache-crypto.ts); such a file no longer authenticates
// A run reads at most a few hundred MB from Infisical, but a cache holds only planned keys: 32 MiB is
// more than any plan's values, and a cap keeps a planted file from being read whole.
const MAX_FILE_BYTES = 32 * 1024 * 1024;

export const offlineFileName = (scope: OfflineScope, identity: string): string =>
  hashedName('lkg', `${scope.addr}|${scope.projectId}|${scope.environment}|${identity}|${scope.service}`);

const keyOf = (scope: OfflineScope, secret: CacheSecret): KeyInput => ({
  secret: secret.secret,
  info: `secrets-run/offline/v2|${scope.addr}|${scope.projectId}|${scope.environment}|${secret.identity}|${scope.service}`,
});

// The folders' payload, checked field by field: it authenticated, but a version of secrets-run that
// wrote it differently must not crash this one.
const parseFolders = (text: string): CachedFolders | undefined => {
  try {
    const parsed = JSON.parse(text) as { folders?: unknown };
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.folders !== 'object' || parsed.folders === null) return undefined;
    const folders: CachedFolders = new Map();
    for (const [path, raw] of Object.entries(parsed.folders as Record<string, unknown>)) {
      const f = raw as Partial<CachedFolder>;
      if (!Number.isFinite(f.fetchedAt) || typeof f.values !== 'object' || f.values === null || !Array.isArray(f.hidden) || !Array.isArray(f.planned))
        return undefined;
      const values = Object.create(null) as Record<string, string>;
      for (const [key, value] of Object.entries(f.values)) if (typeof value === 'string') values[key] = value;
      const names = (list: unknown[]): string[] => list.filter((k): k is string => typeof k === 'string');
      folders.set(path, { fetchedAt: f.fetchedAt!, planned: names(f.planned), values, hidden: names(f.hidden) });
    }
    return folders;
  } catch {
    return undefined;
  }
};

// The file: one line of header (JSON, the AEAD's associated data), then the sealed folders in base64.
// Each folder's fetchedAt is inside the sealed payload: its age can be neither edited nor taken from
// the file's mtime, which anyone who can touch the file sets.
const decode = (key: KeyInput, bytes: Buffer): CachedFolders | undefined => {
  const file = unsealFile(key, bytes);
  if (file === undefined) return undefined;
  try {
    if ((JSON.parse(file.header) as { v?: unknown }).v !== VERSION) return undefined;
  } catch {
    return undefined;
  }
  return parseFolders(file.plaintext);
};

export const encodeOffline = (key: KeyInput, folders: CachedFolders, writtenAt: number): Buffer => {
  const header = JSON.stringify({ v: VERSION, kind: 'offline', writtenAt });
  const payload = JSON.stringify({ folders: Object.fromEntries(folders) });
  return sealFile(key, header, payload);
};

// The offline cache of one identity for one scope, in the cache directory, or undefined when the
// directory cannot be used. Nothing it does fails the run; what went wrong goes to `notes`.
export const openOfflineCache = (
  scope: OfflineScope,
  secret: CacheSecret,
  env: Env,
  notes: CacheNotes,
  now: () => number = Date.now,
): OfflineStore | undefined => {
  const dir = openCacheDir(env, notes);
  if (dir === undefined) return undefined;
  const name = offlineFileName(scope, secret.identity);
  const path = join(dir, name);
  const key = keyOf(scope, secret);
  return {
    read() {
      const bytes = readOwnFile(path, MAX_FILE_BYTES);
      if (bytes === undefined) return undefined;
      const folders = decode(key, bytes);
      // Undecryptable (a rotated secret, an edited or truncated file): useless from now on.
      if (folders === undefined) {
        removeFile(path);
        notes.detail('offline cache: a file that could not be read was removed');
      }
      return folders;
    },
    write(folders) {
      if (folders.size === 0) return void removeFile(path);
      const bytes = encodeOffline(key, folders, now());
      // One that could not be read back is not written, and the older one goes with it.
      if (bytes.length > MAX_FILE_BYTES) {
        removeFile(path);
        return void notes.detail(`offline cache not written: the values are over ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
      }
      try {
        replaceFile(dir, name, bytes);
      } catch (error) {
        notes.detail(`offline cache not written: ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'failed'}`);
      }
    },
    remove: () => void removeFile(path),
  };
};

// The server refused this identity's credentials: its offline cache for this scope and its token
// cache go, so a revoked identity is not served old values, nor tries an old token, again.
export const forgetIdentity = (scope: OfflineScope, secret: CacheSecret, clientId: string | undefined, env: Env, notes: CacheNotes): void => {
  const dir = openCacheDir(env, notes);
  if (dir === undefined) return;
  removeFile(join(dir, offlineFileName(scope, secret.identity)));
  if (clientId !== undefined) removeFile(join(dir, tokenFileName(scope.addr, clientId)));
};
