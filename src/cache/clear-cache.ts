import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDirPath } from './cache-dir.js';
import { removeFile } from './token-file.js';

type Env = Readonly<Record<string, string | undefined>>;

// Our names only: token and offline cache files, and the temporary files a launch killed between
// create and rename left behind (token-file.ts names them `.NAME.PID.RANDOM.tmp`). Anything else a
// user put in the directory stays.
const OURS = /^\.?(?:token|lkg)-[0-9a-f]{32}(?:\.\d+\.[0-9a-f]{12}\.tmp|\.lock)?$/;
export const isCacheFileName = (name: string): boolean => OURS.test(name) && name.startsWith('.') === name.endsWith('.tmp');

export type ClearResult = { dir: undefined } | { dir: string; exists: false } | { dir: string; exists: true; removed: number };

// `secrets-run cache clear`: removes both caches' files. The directory itself is left (it may be one
// the user made, SECRETS_RUN_CACHE_DIR), and is never created.
export const clearCache = (env: Env): ClearResult => {
  const dir = cacheDirPath(env);
  if (dir === undefined) return { dir };
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { dir, exists: false };
  }
  let removed = 0;
  for (const name of names.filter(isCacheFileName)) {
    const path = join(dir, name);
    try {
      if (!lstatSync(path).isFile()) continue;
    } catch {
      continue; // gone already: a launch replaced or removed it meanwhile
    }
    if (removeFile(path)) removed++;
  }
  return { dir, exists: true, removed };
};
