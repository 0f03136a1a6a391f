// Loads and validates a seed, then flattens it into lookup maps. Validation is strict so a typo in
// a fixture fails loudly at start-up instead of surfacing as a puzzling 404 in some test.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { Seed, SeedSecretValue, SeedImport, SeedKubernetesAuth, SeedOidcAuth } from './types.js';

export interface StoredSecret {
  id: string;
  key: string;
  value: string;
  hidden: boolean;
  skipMultilineEncoding: boolean;
  comment: string;
}

export interface StoredFolder {
  id: string;
  path: string;
  secrets: StoredSecret[];
  imports: SeedImport[];
}

export interface StoredEnv {
  slug: string;
  /** Every folder, including implicit parents and the root `/`. */
  folders: Map<string, StoredFolder>;
}

export interface StoredProject {
  id: string;
  slug: string;
  /** The project's display name; a seeded project's defaults to its slug. */
  name: string;
  envs: Map<string, StoredEnv>;
}

/** Built-in project roles: `viewer` reads, `member` and `admin` also write, `no-access` does neither. */
export type ProjectRole = 'admin' | 'member' | 'viewer' | 'no-access';
export const PROJECT_ROLES: readonly ProjectRole[] = ['admin', 'member', 'viewer', 'no-access'];

/** A Universal Auth client secret. The plaintext is kept (the real server keeps a hash) for login to compare; it is never logged or listed. */
export interface StoredClientSecret {
  id: string;
  secret: string;
  description: string;
  createdAt: string;
  ttl: number;
  numUsesLimit: number;
  revoked?: boolean;
}

export interface StoredUniversalAuth {
  id: string;
  clientId: string;
  /** The seeded secret, when the seed gave one. */
  clientSecret?: string;
  /** Secrets made through the API (docs/emulator.md, Admin routes). */
  clientSecrets: StoredClientSecret[];
  accessTokenTTL: number;
  accessTokenMaxTTL: number;
  accessTokenNumUsesLimit: number;
  createdAt: string;
}

export interface StoredIdentity {
  /** The machine identity id: what tokens and OIDC/Kubernetes logins refer to. */
  id: string;
  name: string;
  /** Universal Auth credentials, when the identity has them. */
  universalAuth?: StoredUniversalAuth;
  oidc?: SeedOidcAuth;
  kubernetes?: SeedKubernetesAuth;
  /** Projects the identity is a member of; `roles` says as what (absent: `admin`). */
  projects: Set<string>;
  roles: Map<string, ProjectRole>;
  /** An organization admin: may use the admin routes (bootstrap's identity, a seed's `adminToken`). */
  orgAdmin: boolean;
  /** A permanent token the identity holds (the bootstrap token or a seeded admin token). */
  adminToken?: string;
  createdAt: string;
}

export interface StoredOrg {
  id: string;
  name: string;
  slug: string;
}

export interface Store {
  /** By identity id. */
  identities: Map<string, StoredIdentity>;
  /** By Universal Auth client id. */
  byClientId: Map<string, StoredIdentity>;
  projects: Map<string, StoredProject>;
  /** Set by the seed's `organization` or `adminToken`, or by bootstrap; unset on a fresh server. */
  org?: StoredOrg;
}

/** Whether a UA client secret is one the identity holds: the seeded one or one made through the API. */
export function acceptsClientSecret(identity: StoredIdentity, secret: string): boolean {
  const ua = identity.universalAuth;
  if (!ua) return false;
  return ua.clientSecret === secret || ua.clientSecrets.some((s) => s.secret === secret && s.revoked !== true);
}

/** `/a/b/` → `/a/b`, `` → `/`, `a` → `/a`; duplicate slashes collapse. */
export function normalizePath(p: string): string {
  const parts = p.split('/').filter((s) => s.length > 0);
  return '/' + parts.join('/');
}

/** Deterministic UUID-shaped id, so responses (and etags) are stable across runs. */
export function stableId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function fail(where: string, what: string): never {
  throw new Error(`invalid emulator seed at ${where}: ${what}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toSecret(where: string, key: string, raw: SeedSecretValue, id: string): StoredSecret {
  if (typeof raw === 'string') {
    return { id, key, value: raw, hidden: false, skipMultilineEncoding: false, comment: '' };
  }
  if (!isObject(raw) || typeof raw.value !== 'string') fail(where, 'a secret must be a string or {value: string, ...}');
  return {
    id,
    key,
    value: raw.value,
    hidden: raw.hidden === true,
    skipMultilineEncoding: raw.skipMultilineEncoding === true,
    comment: typeof raw.comment === 'string' ? raw.comment : '',
  };
}

function toImports(where: string, raw: unknown): SeedImport[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) fail(where, 'imports must be an array');
  return raw.map((imp, i) => {
    if (!isObject(imp) || typeof imp.environment !== 'string' || typeof imp.path !== 'string') {
      fail(`${where}[${i}]`, 'an import needs string environment and path');
    }
    return { environment: imp.environment, path: normalizePath(imp.path) };
  });
}

function emptyFolder(projectId: string, env: string, path: string): StoredFolder {
  return { id: stableId('folder', projectId, env, path), path, secrets: [], imports: [] };
}

function buildEnv(projectId: string, slug: string, raw: unknown, where: string): StoredEnv {
  if (!isObject(raw)) fail(where, 'an environment must be an object');
  const folders = new Map<string, StoredFolder>([['/', emptyFolder(projectId, slug, '/')]]);
  const rawFolders = raw.folders ?? {};
  if (!isObject(rawFolders)) fail(`${where}.folders`, 'must be an object');
  for (const [rawPath, rawFolder] of Object.entries(rawFolders)) {
    const fw = `${where}.folders["${rawPath}"]`;
    if (!isObject(rawFolder)) fail(fw, 'a folder must be an object');
    const path = normalizePath(rawPath);
    // Intermediate folders exist implicitly, as they do after a mkdir -p style create.
    const segs = path.split('/').filter(Boolean);
    for (let i = 1; i <= segs.length; i++) {
      const p = '/' + segs.slice(0, i).join('/');
      if (!folders.has(p)) folders.set(p, emptyFolder(projectId, slug, p));
    }
    const folder = folders.get(path) ?? emptyFolder(projectId, slug, path);
    const secrets = rawFolder.secrets ?? {};
    if (!isObject(secrets)) fail(`${fw}.secrets`, 'must be an object');
    for (const [key, value] of Object.entries(secrets)) {
      const id = stableId('secret', projectId, slug, path, key);
      const secret = toSecret(`${fw}.secrets.${key}`, key, value as SeedSecretValue, id);
      const at = folder.secrets.findIndex((s) => s.key === key);
      if (at >= 0) folder.secrets[at] = secret;
      else folder.secrets.push(secret);
    }
    folder.imports.push(...toImports(`${fw}.imports`, rawFolder.imports));
    folders.set(path, folder);
  }
  return { slug, folders };
}

function optionalStrings<T extends object>(where: string, raw: unknown, keys: string[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) fail(where, 'must be an object');
  for (const [key, value] of Object.entries(raw)) {
    if (!keys.includes(key)) fail(`${where}.${key}`, `unknown field (known: ${keys.join(', ')})`);
    if (key !== 'boundClaims' && typeof value !== 'string') fail(`${where}.${key}`, 'must be a string');
  }
  if (raw.boundClaims !== undefined && (!isObject(raw.boundClaims) || !Object.values(raw.boundClaims).every((v) => typeof v === 'string'))) {
    fail(`${where}.boundClaims`, 'must map claim names to strings');
  }
  return raw as T;
}

function toIdentity(w: string, raw: unknown, createdAt: string): StoredIdentity {
  if (!isObject(raw)) fail(w, 'must be an object');
  const { id, clientId, clientSecret, name, adminToken } = raw;
  if (id !== undefined && typeof id !== 'string') fail(`${w}.id`, 'must be a string');
  if (name !== undefined && typeof name !== 'string') fail(`${w}.name`, 'must be a string');
  if (adminToken !== undefined && (typeof adminToken !== 'string' || adminToken.length === 0)) fail(`${w}.adminToken`, 'must be a non-empty string');
  if (clientId !== undefined && typeof clientId !== 'string') fail(`${w}.clientId`, 'must be a string');
  if (clientSecret !== undefined && typeof clientSecret !== 'string') fail(`${w}.clientSecret`, 'must be a string');
  if ((clientId === undefined) !== (clientSecret === undefined)) fail(w, 'needs string clientId and clientSecret together, or neither');
  const identityId = id ?? clientId;
  if (identityId === undefined) fail(w, 'needs an id (or a clientId to default it to)');
  if (!Array.isArray(raw.projects) || !raw.projects.every((p) => typeof p === 'string')) {
    fail(`${w}.projects`, 'must be an array of project ids');
  }
  const roles = new Map<string, ProjectRole>();
  if (raw.roles !== undefined) {
    if (!isObject(raw.roles)) fail(`${w}.roles`, 'must map project ids to roles');
    for (const [project, role] of Object.entries(raw.roles)) {
      if (!PROJECT_ROLES.includes(role as ProjectRole)) fail(`${w}.roles.${project}`, `must be one of ${PROJECT_ROLES.join(', ')}`);
      if (!raw.projects.includes(project)) fail(`${w}.roles.${project}`, 'names a project the identity is not in');
      roles.set(project, role as ProjectRole);
    }
  }
  const oidc = optionalStrings<SeedOidcAuth>(`${w}.oidc`, raw.oidc, ['boundIssuer', 'boundAudiences', 'boundSubject', 'boundClaims']);
  const kubernetes = optionalStrings<SeedKubernetesAuth>(`${w}.kubernetes`, raw.kubernetes, ['allowedNamespaces', 'allowedNames', 'allowedAudience']);
  for (const project of raw.projects) if (!roles.has(project)) roles.set(project, 'admin');
  const universalAuth: StoredUniversalAuth | undefined =
    clientId !== undefined && clientSecret !== undefined
      ? {
          id: stableId('ua', identityId),
          clientId,
          clientSecret,
          clientSecrets: [],
          accessTokenTTL: 7200,
          accessTokenMaxTTL: 2_592_000,
          accessTokenNumUsesLimit: 0,
          createdAt,
        }
      : undefined;
  return {
    id: identityId,
    name: name ?? identityId,
    ...(universalAuth ? { universalAuth } : {}),
    ...(oidc ? { oidc } : {}),
    ...(kubernetes ? { kubernetes } : {}),
    projects: new Set(raw.projects),
    roles,
    orgAdmin: adminToken !== undefined,
    ...(adminToken !== undefined ? { adminToken } : {}),
    createdAt,
  };
}

function toOrg(raw: unknown): StoredOrg {
  if (raw !== undefined && !isObject(raw)) fail('organization', 'must be an object');
  const o = (raw ?? {}) as Record<string, unknown>;
  for (const key of ['id', 'name', 'slug']) if (o[key] !== undefined && typeof o[key] !== 'string') fail(`organization.${key}`, 'must be a string');
  const name = (o.name as string | undefined) ?? 'Emulated Org';
  return { id: (o.id as string | undefined) ?? stableId('org', name), name, slug: (o.slug as string | undefined) ?? slugify(name) };
}

/** Lower-case letters, digits and dashes, as Infisical's slugify leaves a name. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function buildStore(seed: unknown, createdAt = new Date(0).toISOString()): Store {
  if (!isObject(seed)) fail('<root>', 'must be an object');
  if (!Array.isArray(seed.identities)) fail('identities', 'must be an array');
  if (!isObject(seed.projects)) fail('projects', 'must be an object');
  const projects = new Map<string, StoredProject>();
  for (const [id, rawProject] of Object.entries(seed.projects)) {
    if (!isObject(rawProject) || !isObject(rawProject.environments)) fail(`projects.${id}`, 'needs an environments object');
    const slug = typeof rawProject.slug === 'string' ? rawProject.slug : id;
    const name = typeof rawProject.name === 'string' ? rawProject.name : slug;
    const envs = new Map<string, StoredEnv>();
    for (const [envSlug, rawEnv] of Object.entries(rawProject.environments)) {
      envs.set(envSlug, buildEnv(id, envSlug, rawEnv, `projects.${id}.environments.${envSlug}`));
    }
    projects.set(id, { id, slug, name, envs });
  }
  const identities = new Map<string, StoredIdentity>();
  const byClientId = new Map<string, StoredIdentity>();
  seed.identities.forEach((raw: unknown, i: number) => {
    const identity = toIdentity(`identities[${i}]`, raw, createdAt);
    if (identities.has(identity.id)) fail(`identities[${i}]`, `duplicate id '${identity.id}'`);
    identities.set(identity.id, identity);
    if (identity.universalAuth) byClientId.set(identity.universalAuth.clientId, identity);
  });
  // A seeded admin token means the instance is already set up: bootstrap then answers as a second call does.
  const bootstrapped = seed.organization !== undefined || [...identities.values()].some((i) => i.orgAdmin);
  return { identities, byClientId, projects, ...(bootstrapped ? { org: toOrg(seed.organization) } : {}) };
}

export function loadSeed(seed: Seed | string): Store {
  if (typeof seed !== 'string') return buildStore(seed);
  const file = resolve(seed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read emulator seed ${file}: ${(err as Error).message}`, { cause: err });
  }
  return buildStore(parsed);
}

export function findSecret(store: Store, projectId: string, env: string, path: string, key: string): StoredSecret | undefined {
  const folder = store.projects.get(projectId)?.envs.get(env)?.folders.get(normalizePath(path));
  return folder?.secrets.find((s) => s.key === key);
}
