import type { BootstrapValue } from '../bootstrap/read-bootstrap.js';

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
  message: string;
  folder?: string;
}

export interface FetchRequest {
  addr: BootstrapValue | undefined;
  clientId: BootstrapValue | undefined;
  clientSecret: BootstrapValue | undefined;
  token: BootstrapValue | undefined;
  projectId: BootstrapValue | undefined;
  environment: string;
  folders: readonly string[];
  timeoutMs: number;
}

export interface FetchOutcome {
  folders: Map<string, Map<string, string>>; // folder → key → value, for folders that arrived
  failures: FetchFailure[];
  requests: number;
  elapsedMs: number;
}
