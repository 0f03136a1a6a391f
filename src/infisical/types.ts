import type { ListingMemo } from './listing-memo.js';
import type { InfisicalError } from './errors.js';
import type { FolderFeed } from './folder-queue.js';

// A setting the client is given, with the variable it was read from (for messages, never the value's
// place in one).
export interface Named {
  value: string;
  name: string;
}

// The bootstrap settings as the client needs them; any of them may be missing (configFailures says
// which matter).
export interface InfisicalConfig {
  addr?: Named | undefined;
  clientId?: Named | undefined;
  clientSecret?: Named | undefined;
  token?: Named | undefined;
  projectId?: Named | undefined;
  authMethod?: Named | undefined;
  identityId?: Named | undefined;
  jwt?: Named | undefined;
  oidcAudience?: Named | undefined;
  kubernetesTokenPath?: Named | undefined;
  githubRequestUrl?: Named | undefined;
  githubRequestToken?: Named | undefined;
}

export interface FetchRequest {
  config: InfisicalConfig;
  environment: string;
  // Folders arrive while the contracts are still being scanned; the login starts at once.
  folders: FolderFeed;
  recursive?: boolean; // one listing per root folder (the default), or one per folder
  timeoutMs: number;
  inherited?: Readonly<Record<string, string | undefined>>; // where HTTPS_PROXY, HTTP_PROXY, NO_PROXY and the cache directory are read
  tokenCache?: boolean; // keep the Universal Auth token between runs (--no-token-cache: off)
  memo?: ListingMemo; // the previous poll's listings, for If-None-Match (--watch)
}

// What the token cache had to say: a warning is printed, a detail only under --verbose.
export interface CacheNote {
  level: 'warn' | 'detail';
  message: string;
}

export interface FetchedFolder {
  values: Map<string, string>;
  hidden: string[]; // keys present but unreadable to this identity
  missing?: boolean; // the folder does not exist (an empty folder, not an error)
  cacheAgeSeconds?: number; // served from the offline cache, fetched this long ago (pipeline/offline-step.ts)
}

export interface FetchOutcome {
  folders: Map<string, FetchedFolder>; // folders that arrived (a missing folder arrives empty)
  failures: InfisicalError[]; // one per folder (or root) that fell short; the first login's failure once, without a folder
  listedEach: string[]; // roots whose folders were listed one by one: their recursive listing could not be used
  requests: number; // HTTP requests made, logins included
  logins: number;
  authMethod?: string; // the way of logging in chosen (auth/choose-method.ts), for --verbose
  elapsedMs: number;
  cacheNotes?: CacheNote[];
}
