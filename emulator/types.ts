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

/** Infisical's OIDC auth settings of an identity. Globs (`*`, `**`, `?`) as picomatch reads them. */
export interface SeedOidcAuth {
  /** Unset: the emulator's own issuer (`${url}/_emulator/oidc`) is required. */
  boundIssuer?: string;
  /** Comma-separated; globs allowed. Unset: any audience. */
  boundAudiences?: string;
  /** Glob allowed. Unset: any subject. */
  boundSubject?: string;
  /** Claim (dotted path) → allowed values, comma-separated; globs allowed. */
  boundClaims?: Record<string, string>;
}

/** Infisical's Kubernetes auth settings of an identity; unset fields allow anything. */
export interface SeedKubernetesAuth {
  /** Comma-separated namespaces; globs allowed. */
  allowedNamespaces?: string;
  /** Comma-separated service-account names; globs allowed. */
  allowedNames?: string;
  allowedAudience?: string;
}

export interface SeedIdentity {
  /** The machine identity id the OIDC and Kubernetes logins name; defaults to clientId. */
  id?: string;
  /** Universal Auth credentials: both or neither. */
  clientId?: string;
  clientSecret?: string;
  oidc?: SeedOidcAuth;
  kubernetes?: SeedKubernetesAuth;
  /** Project ids this identity is a member of. */
  projects: string[];
  /** Project id → role (`admin`, `member`, `viewer`, `no-access`); a project left out is `admin`. */
  roles?: Record<string, 'admin' | 'member' | 'viewer' | 'no-access'>;
  /** Display name (identity search and lists); defaults to the id. */
  name?: string;
  /** A permanent bearer token that makes this identity an organization admin (what `INFISICAL_ADMIN_TOKEN` holds). */
  adminToken?: string;
}

export interface SeedProject {
  /** Display name; defaults to the slug. */
  name?: string;
  /** Optional slug for v3 `workspaceSlug`; the project id is always accepted as a slug too. */
  slug?: string;
  environments: Record<string, { folders?: Record<string, SeedFolder> }>;
}

export interface Seed {
  identities: SeedIdentity[];
  projects: Record<string, SeedProject>;
  /** The organization of an instance that is already set up (implied by any `adminToken`). */
  organization?: { id?: string; name?: string; slug?: string };
}

/** `write`: create/update routes; `read`: the admin side's lookups (folders, projects, identities, memberships). */
export type FaultRoute = 'login' | 'list' | 'write' | 'read' | 'any';

/**
 * Per-client-IP sliding-window limits of Infisical's two classes a secrets client meets: `secrets`
 * (the v3/v4 list and get-secret routes) and `auth` (universal-auth login, token renew). A class left
 * out gets the server's default, 60; `0` leaves that class unlimited. `windowMs` defaults to 60 000.
 */
export interface Limits {
  secrets?: number;
  auth?: number;
  /** The admin writes: bootstrap, projects, identities, Universal Auth, client secrets, memberships. Default 200. */
  writes?: number;
  windowMs?: number;
}

/** The older (Oct-2024) server's behaviours, each on its own; `--legacy` turns them all on. */
export interface Legacy {
  noV4?: boolean;
  missingFolderEmpty200?: boolean;
  unknownClientId404?: boolean;
  rateLimit500?: boolean;
  noReqId?: boolean;
  validation401?: boolean;
  unknownProject404?: boolean;
  noImportsKey?: boolean;
  recursiveMissingEnv500?: boolean;
  /** No `POST /api/v1/admin/bootstrap`: Fastify's 404 (the first admin signed up with SRP instead). */
  noBootstrap?: boolean;
  /** Creating a folder that exists answers 200 with that folder, not 400 "already exists". */
  existingFolder200?: boolean;
  /** Creating a secret that exists says "Secret already exist" (newer: "Secret already exists"); 400 either way. */
  secretAlreadyExist?: boolean;
}

/** Narrows a knob: which route, which secretPath, and how many matching requests it fires for. */
export interface FaultScope {
  route?: FaultRoute;
  secretPath?: string;
  times?: number;
}

export interface Faults {
  latencyMs?: number;
  status5xx?: FaultScope & { status?: number };
  redirect?: FaultScope & { location?: string }; // 307 to `location` (default https://elsewhere.invalid/), as a proxy or a moved server answers
  rateLimit429?: FaultScope & { retryAfterSeconds?: number };
  /** One fixed-window budget shared by every client and route (the load test's); `limits` is the real server's. */
  rateLimit?: { perWindow: number; windowMs: number };
  limits?: Limits;
  hang?: FaultScope;
  malformedBody?: FaultScope;
  wrongShape?: FaultScope;
  /** 400 whose message repeats the request's authorization header and body, as a careless server or proxy might. */
  echoRequest?: FaultScope;
  dropConnection?: FaultScope;
  tokenTtlSeconds?: number;
  wrongCredentials?: boolean;
  legacy?: Legacy;
}

/** Claims for `issueJwt` and `POST /_emulator/oidc/token`; anything beyond these goes into the token as is. */
export interface JwtRequest {
  sub?: string;
  aud?: string | string[];
  /** Default: the emulator's own issuer. */
  iss?: string;
  /** Default 300; negative makes an already expired token. */
  expiresInSeconds?: number;
  [claim: string]: unknown;
}

export interface ServiceAccountRequest {
  namespace: string;
  name: string;
  /** Default: the cluster API audience, https://kubernetes.default.svc.cluster.local */
  aud?: string | string[];
  /** Default 3600. */
  expiresInSeconds?: number;
}

export type LoginMethod = 'universal-auth' | 'oidc-auth' | 'kubernetes';

/** What `stats().writes` counts: successful creates (and `secretUpdates`), one per object made. */
export type WriteKind = 'bootstraps' | 'projects' | 'folders' | 'secrets' | 'secretUpdates' | 'identities' | 'universalAuth' | 'clientSecrets' | 'memberships';

export interface Stats {
  total: number;
  /** Login requests of every method, counted on arrival. */
  logins: number;
  loginsByMethod: Record<LoginMethod, number>;
  /** Requests to the GitHub Actions ID-token stand-in (`/_github/token`), refused ones included. */
  githubTokens: number;
  /** The audience each of those asked for, in order; '' when none. */
  githubAudiences: string[];
  listV4: number;
  listV3: number;
  /** Normalised secretPath → number of list requests (v3 + v4). */
  byPath: Record<string, number>;
  /** Normalised secretPath → list requests (v3 + v4) that asked for `recursive=true`; also counted in byPath. */
  recursiveByPath: Record<string, number>;
  /** HTTP status (as a string) → responses sent. Dropped and hung requests send none. */
  statuses: Record<string, number>;
  maxConcurrent: number;
  /** TCP connections accepted, whether or not a request came on them. */
  connections: number;
  /** TCP connections open now (not reset by resetStats). */
  openConnections: number;
  /** Objects created (or, for `secretUpdates`, secrets updated) by the write routes. */
  writes: Record<WriteKind, number>;
  /**
   * Every Infisical request answered, in order, as `METHOD route-name status` (e.g. `POST folders.create 400`);
   * never a path, query, body or header. The last 10 000 are kept.
   */
  requests: string[];
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
  /** Epoch milliseconds for token expiry and the rate-limit windows (default Date.now), so a test can move time. */
  clock?: () => number;
}

export interface Emulator {
  /** Base URL without trailing slash and without `/api`, e.g. http://127.0.0.1:40123 */
  url: string;
  setFaults(f: Faults): void;
  /**
   * Runs `hook` with the route's log name before each API request that no fault answers is handled, and
   * awaits it: a test acts there as another client would between two requests (a race). The hook's own
   * requests pass through it too; undefined removes it.
   */
  beforeRoute(hook: ((name: string) => Promise<void> | void) | undefined): void;
  stats(): Stats;
  resetStats(): void;
  close(): Promise<void>;
  /** The test issuer's URL, `${url}/_emulator/oidc`: a seed's `oidc.boundIssuer` may name it. */
  issuer: string;
  /** A JWT signed by the emulator's issuer (RS256, with its kid unless `omitKid`); iss, iat, exp (now + 300 s) filled in. */
  issueJwt(claims?: JwtRequest, options?: { omitKid?: boolean }): string;
  /** A Kubernetes projected service-account token, signed by the same key, for the Kubernetes login. */
  issueServiceAccountToken(request: ServiceAccountRequest): string;
  /** What a GitHub Actions runner puts in ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN, pointing at the stand-in. */
  github: { requestUrl: string; requestToken: string };
}
