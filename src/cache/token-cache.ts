import { join } from 'node:path';
import { hashedName, sealFile, unsealFile, type KeyInput } from './cache-crypto.js';
import { openCacheDir, type CacheNotes } from './cache-dir.js';
import { ageOf, createLock, readOwnFile, removeFile, replaceFile, type FileOps } from './token-file.js';

type Env = Readonly<Record<string, string | undefined>>;

// What the login (infisical/auth) asks of the cache.
export interface TokenStore {
  read(): string | undefined;
  write(token: string, expiresInSeconds: number): void;
  remove(): void;
  // One login at a time per identity among the launches sharing the directory: 'ours' (log in, then
  // release), 'theirs' (another launch is logging in: awaitToken), or 'none' (no lock can be taken here).
  claimLogin(): LoginClaim;
  // The token another launch's login leaves, polled for until its lock goes (or its holder is gone),
  // `maxMs` pass, or `signal` aborts.
  awaitToken(signal?: AbortSignal, maxMs?: number): Promise<string | undefined>;
}

export type LoginClaim = { kind: 'ours'; release(): void } | { kind: 'theirs' } | { kind: 'none' };

// How long a launch waits for another's login when no deadline says (a login is one round trip); how
// often it looks; and the age past which a lock is a killed launch's, not a login in progress.
export const LOGIN_WAIT_MS = 5000;
const POLL_MS = 20;
const MAX_POLL_MS = 250;
const STALE_LOCK_MS = 30_000;

export interface TokenCacheIdentity {
  addr: string;
  clientId: string;
  clientSecret: string;
}

// Infisical's expiresIn 0 means "no expiry": a day is as long as a cached token is trusted.
const MAX_TTL_MS = 24 * 60 * 60 * 1000;
const VERSION = 2; // 1: AES-256-GCM (cache/cache-crypto.ts); such a file no longer authenticates

interface Header {
  v: number;
  createdAt: number;
  expiresAt: number;
}

// A token is used while now < expiresAt - max(60 s, 10 % of its lifetime): a launch never starts with a
// token that expires during its own requests, and a long-lived one is renewed a little early.
export const stillGood = (header: Header, now: number): boolean => {
  const ttl = header.expiresAt - header.createdAt;
  return ttl > 0 && now < header.expiresAt - Math.max(60_000, ttl / 10);
};

const parseHeader = (line: string): Header | undefined => {
  try {
    const h = JSON.parse(line) as Partial<Header>;
    return h.v === VERSION && Number.isFinite(h.createdAt) && Number.isFinite(h.expiresAt) ? (h as Header) : undefined;
  } catch {
    return undefined;
  }
};

// The file (cache-crypto.ts, sealFile): the header line, then the sealed token.
const decode = (key: KeyInput, bytes: Buffer): { header: Header; token: string } | undefined => {
  const file = unsealFile(key, bytes);
  const header = file === undefined ? undefined : parseHeader(file.header);
  return header === undefined || file === undefined || file.plaintext === '' ? undefined : { header, token: file.plaintext };
};

// The lock's launch no longer runs (ESRCH). One made in another PID namespace (a container sharing the
// volume) may name a process this one cannot see: this launch then logs in itself, one login more,
// never a wrong token.
const holderGone = (lock: string): boolean => {
  const pid = Number(readOwnFile(lock)?.toString('utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

// The token file's name for one identity on one server: `token-<sha256(addr|clientId), 32 hex>`. The
// offline cache removes it by this name when the server refuses the identity's credentials.
export const tokenFileName = (addr: string, clientId: string): string => hashedName('token', `${addr}|${clientId}`);

// The token cache of one identity on one server: tokenFileName() in the cache directory, or a store
// that holds nothing when the directory cannot be used. Nothing it does fails the run; what went wrong
// goes to `notes`. `fileOps` lets a test fail a write as a full disk would.
export const openTokenCache = (
  identity: TokenCacheIdentity,
  env: Env,
  notes: CacheNotes,
  now: () => number = Date.now,
  fileOps?: FileOps,
): TokenStore | undefined => {
  const dir = openCacheDir(env, notes);
  if (dir === undefined) return undefined;
  const name = tokenFileName(identity.addr, identity.clientId);
  const path = join(dir, name);
  const key: KeyInput = { secret: identity.clientSecret, info: `secrets-run/token/v2|${identity.addr}|${identity.clientId}` };
  const store: TokenStore = {
    read() {
      const bytes = readOwnFile(path);
      if (bytes === undefined) return undefined;
      const found = decode(key, bytes);
      // Undecryptable (a rotated secret, an edited file) or expired: useless from now on.
      if (found === undefined || !stillGood(found.header, now())) {
        removeFile(path);
        if (found === undefined) notes.detail('token cache: a cached token that could not be read was removed');
        return undefined;
      }
      return found.token;
    },
    write(token, expiresInSeconds) {
      const createdAt = now();
      const ttl = expiresInSeconds > 0 ? Math.min(expiresInSeconds * 1000, MAX_TTL_MS) : MAX_TTL_MS;
      const header = JSON.stringify({ v: VERSION, createdAt, expiresAt: createdAt + ttl });
      try {
        replaceFile(dir, name, sealFile(key, header, token), fileOps);
      } catch (error) {
        notes.detail(`token cache not written: ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'failed'}`);
      }
    },
    remove: () => void removeFile(path),
    claimLogin() {
      const lock = `${path}.lock`;
      for (let attempt = 0; attempt < 2; attempt++) {
        let made: 'made' | 'held';
        try {
          made = createLock(lock);
        } catch {
          return { kind: 'none' }; // a read-only or full disk: every launch logs in, as without a cache
        }
        if (made === 'made') return { kind: 'ours', release: () => void removeFile(lock) };
        // A lock older than any login, or whose launch is gone, is a killed launch's: taken over once.
        if ((ageOf(lock, Date.now()) ?? 0) < STALE_LOCK_MS && !holderGone(lock)) return { kind: 'theirs' };
        removeFile(lock);
      }
      return { kind: 'theirs' };
    },
    async awaitToken(signal, maxMs = LOGIN_WAIT_MS) {
      const lock = `${path}.lock`;
      const until = Date.now() + maxMs;
      // Slower and slower: a hundred launches looking every few milliseconds would take the CPU from
      // the one whose login they wait for.
      for (let pause = POLL_MS; Date.now() < until && signal?.aborted !== true; pause = Math.min(pause * 1.5, MAX_POLL_MS)) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(0, until - Date.now()))));
        // Their login ended (with a token, or failed), or the launch holding the lock was killed.
        if (ageOf(path, Date.now()) !== undefined || ageOf(lock, Date.now()) === undefined || holderGone(lock)) return store.read();
      }
      return undefined;
    },
  };
  return store;
};
