import type { BootstrapValue } from '../sources/read-bootstrap.js';
import type { FolderQueue } from './folder-queue.js';

export type FetchFailureCode =
  | 'INFISICAL_CONFIG'
  | 'INFISICAL_AUTH_REFUSED'
  | 'INFISICAL_FORBIDDEN'
  | 'INFISICAL_UNREACHABLE'
  | 'INFISICAL_TIMEOUT'
  | 'INFISICAL_BAD_RESPONSE'
  | 'INFISICAL_HTTP';

// One reason the fetch fell short; the message names the host and folder, never a credential or value.
export interface FetchFailure {
  code: FetchFailureCode;
  reason: string; // the same for every folder that failed the same way
  message: string; // reason plus the folder
  folder?: string;
}

export interface FetchRequest {
  addr: BootstrapValue | undefined;
  clientId: BootstrapValue | undefined;
  clientSecret: BootstrapValue | undefined;
  token: BootstrapValue | undefined;
  projectId: BootstrapValue | undefined;
  environment: string;
  // Folders arrive while the contracts are still being scanned; the login starts at once.
  folders: FolderQueue;
  timeoutMs: number;
}

export interface FetchedFolder {
  values: Map<string, string>;
  hidden: string[]; // keys present but unreadable to this identity
  missing?: boolean; // the folder does not exist (an empty folder, not an error)
}

export interface FetchOutcome {
  folders: Map<string, FetchedFolder>; // folders that arrived (a missing folder arrives empty)
  failures: FetchFailure[];
  requests: number; // HTTP requests made, logins included
  logins: number;
  elapsedMs: number;
}
