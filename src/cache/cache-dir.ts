import { mkdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

// What a cache may say about itself: a warning (a directory others could read or write, which the user
// should fix) is always printed; a detail (no HOME, a read-only disk) only under --verbose, since the run
// simply logs in as it would without a cache.
export interface CacheNotes {
  warn(message: string): void;
  detail(message: string): void;
}

// Where the cache lives: SECRETS_RUN_CACHE_DIR, else $XDG_CACHE_HOME/secrets-run, else
// $HOME/.cache/secrets-run. XDG says a relative XDG_CACHE_HOME is to be ignored; without HOME there is none.
export const cacheDirPath = (env: Env): string | undefined => {
  const own = env['SECRETS_RUN_CACHE_DIR']?.trim();
  if (own) return resolve(own);
  const xdg = env['XDG_CACHE_HOME']?.trim();
  if (xdg && isAbsolute(xdg)) return join(xdg, 'secrets-run');
  const home = env['HOME']?.trim();
  return home && isAbsolute(home) ? join(home, '.cache', 'secrets-run') : undefined;
};

// mkdir -p, one level at a time: Node's recursive mkdir never returns where the system answers ENOENT
// for a parent that exists (procfs, as HOME=/proc has it). Only the last level is made 0700; a parent
// (~/.cache) gets the usual mode.
const makeDir = (dir: string): void => {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
    mkdirSync(dirname(dir), { recursive: false, mode: 0o755 }); // one missing parent (~/.cache); deeper is refused
    mkdirSync(dir, { mode: 0o700 });
  }
};

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(3, '0');

// The cache directory, made 0700 when missing, or undefined when it cannot be used. One that exists but
// belongs to someone else, or lets group or others in, is refused: whoever can write there can swap our
// files, and whoever can read them holds the ciphertext (docs/decisions.md, token cache).
export const openCacheDir = (env: Env, notes: CacheNotes): string | undefined => {
  const dir = cacheDirPath(env);
  if (dir === undefined) return void notes.detail('no token cache: neither SECRETS_RUN_CACHE_DIR, XDG_CACHE_HOME nor HOME is set');
  try {
    makeDir(dir);
    const stats = statSync(dir);
    if (!stats.isDirectory()) return void notes.warn(`warning: token cache ${dir} not used: it is not a directory`);
    const uid = process.getuid?.();
    if (uid !== undefined && stats.uid !== uid) return void notes.warn(`warning: token cache ${dir} not used: it belongs to another user (uid ${stats.uid})`);
    if ((stats.mode & 0o077) !== 0)
      return void notes.warn(`warning: token cache ${dir} not used: group or others have access (mode ${octal(stats.mode)}; chmod 700 it)`);
    return dir;
  } catch (error) {
    return void notes.detail(`no token cache: ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'unusable'}`);
  }
};
