// Public types of the Infisical emulator. Kept apart from the server so tests and scripts can
// import them without pulling in node:http.

/** A seed secret: a plain value, or an object to model masked / multi-line secrets. */
export type SeedSecretValue = string | { value: string; hidden?: boolean; skipMultilineEncoding?: boolean; comment?: string };

export interface SeedImport {
  environment: string;
  path: string;
}

export interface SeedFolder {
  secrets?: Record<string, SeedSecretValue>;
  imports?: SeedImport[];
}

export interface SeedIdentity {
  clientId: string;
  clientSecret: string;
  /** Project ids this identity is a member of. */
  projects: string[];
}

export interface SeedProject {
  /** Optional slug for v3 `workspaceSlug`; the project id is always accepted as a slug too. */
  slug?: string;
  environments: Record<string, { folders?: Record<string, SeedFolder> }>;
}

export interface Seed {
  identities: SeedIdentity[];
  projects: Record<string, SeedProject>;
}

export type FaultRoute = 'login' | 'list' | 'any';

/** Narrows a knob: which route, which secretPath, and how many matching requests it fires for. */
export interface FaultScope {
  route?: FaultRoute;
  secretPath?: string;
  times?: number;
}

export interface Faults {
  latencyMs?: number;
  status5xx?: FaultScope & { status?: number };
  rateLimit429?: FaultScope & { retryAfterSeconds?: number };
  rateLimit?: { perWindow: number; windowMs: number };
  hang?: FaultScope;
  malformedBody?: FaultScope;
  wrongShape?: FaultScope;
  /** 400 whose message repeats the request's authorization header and body, as a careless server or proxy might. */
  echoRequest?: FaultScope;
  dropConnection?: FaultScope;
  tokenTtlSeconds?: number;
  wrongCredentials?: boolean;
  legacy?: { noV4?: boolean; missingFolderEmpty200?: boolean; unknownClientId404?: boolean; rateLimit500?: boolean };
}

export interface Stats {
  total: number;
  logins: number;
  listV4: number;
  listV3: number;
  /** Normalised secretPath → number of list requests (v3 + v4). */
  byPath: Record<string, number>;
  /** HTTP status (as a string) → responses sent. Dropped and hung requests send none. */
  statuses: Record<string, number>;
  maxConcurrent: number;
  /** TCP connections accepted, whether or not a request came on them. */
  connections: number;
  /** TCP connections open now (not reset by resetStats). */
  openConnections: number;
}

export interface EmulatorOptions {
  /** Seed object, or a path to a JSON seed file (relative paths resolve against the cwd). */
  seed: Seed | string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  faults?: Faults;
  /** PEM certificate and key: the emulator then speaks https (its url says so). */
  tls?: { cert: string; key: string };
}

export interface Emulator {
  /** Base URL without trailing slash and without `/api`, e.g. http://127.0.0.1:40123 */
  url: string;
  setFaults(f: Faults): void;
  stats(): Stats;
  resetStats(): void;
  close(): Promise<void>;
}
