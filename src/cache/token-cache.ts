import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { seal, unseal, type KeyInput } from './cache-crypto.js';
import { openCacheDir, type CacheNotes } from './cache-dir.js';
import { readOwnFile, removeFile, replaceFile, type FileOps } from './token-file.js';

type Env = Readonly<Record<string, string | undefined>>;

// What the login (infisical/auth) asks of the cache.
export interface TokenStore {
  read(): string | undefined;
  write(token: string, expiresInSeconds: number): void;
  remove(): void;
}

export interface TokenCacheIdentity {
  addr: string;
  clientId: string;
  clientSecret: string;
}

// Infisical's expiresIn 0 means "no expiry": a day is as long as a cached token is trusted.
const MAX_TTL_MS = 24 * 60 * 60 * 1000;
const VERSION = 1;

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

// The file: one line of header (JSON, the AEAD's associated data), then the sealed token in base64.
const decode = (key: KeyInput, bytes: Buffer): { header: Header; token: string } | undefined => {
  const text = bytes.toString('utf8');
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  const line = text.slice(0, newline);
  const header = parseHeader(line);
  const token = header === undefined ? undefined : unseal(key, line, Buffer.from(text.slice(newline + 1).trim(), 'base64'));
  return header === undefined || token === undefined || token === '' ? undefined : { header, token };
};

// The token file's name for one identity on one server: `token-<sha256(addr|clientId), 32 hex>`. The
// offline cache removes it by this name when the server refuses the identity's credentials.
export const tokenFileName = (addr: string, clientId: string): string =>
  `token-${createHash('sha256').update(`${addr}|${clientId}`).digest('hex').slice(0, 32)}`;

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
  const key: KeyInput = { secret: identity.clientSecret, info: `secrets-run/token/v1|${identity.addr}|${identity.clientId}` };
  return {
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
        replaceFile(dir, name, Buffer.from(`${header}\n${seal(key, header, token).toString('base64')}\n`, 'utf8'), fileOps);
      } catch (error) {
        notes.detail(`token cache not written: ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'failed'}`);
      }
    },
    remove: () => void removeFile(path),
  };
};
