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
  envs: Map<string, StoredEnv>;
}

export interface StoredIdentity {
  /** The machine identity id: what tokens and OIDC/Kubernetes logins refer to. */
  id: string;
  /** Universal Auth credentials, when the identity has them. */
  universalAuth?: { clientId: string; clientSecret: string };
  oidc?: SeedOidcAuth;
  kubernetes?: SeedKubernetesAuth;
  projects: Set<string>;
}

export interface Store {
  /** By identity id. */
  identities: Map<string, StoredIdentity>;
  /** By Universal Auth client id. */
  byClientId: Map<string, StoredIdentity>;
  projects: Map<string, StoredProject>;
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

function toIdentity(w: string, raw: unknown): StoredIdentity {
  if (!isObject(raw)) fail(w, 'must be an object');
  const { id, clientId, clientSecret } = raw;
  if (id !== undefined && typeof id !== 'string') fail(`${w}.id`, 'must be a string');
  if (clientId !== undefined && typeof clientId !== 'string') fail(`${w}.clientId`, 'must be a string');
  if (clientSecret !== undefined && typeof clientSecret !== 'string') fail(`${w}.clientSecret`, 'must be a string');
  if ((clientId === undefined) !== (clientSecret === undefined)) fail(w, 'needs string clientId and clientSecret together, or neither');
  const identityId = id ?? clientId;
  if (identityId === undefined) fail(w, 'needs an id (or a clientId to default it to)');
  if (!Array.isArray(raw.projects) || !raw.projects.every((p) => typeof p === 'string')) {
    fail(`${w}.projects`, 'must be an array of project ids');
  }
  const oidc = optionalStrings<SeedOidcAuth>(`${w}.oidc`, raw.oidc, ['boundIssuer', 'boundAudiences', 'boundSubject', 'boundClaims']);
  const kubernetes = optionalStrings<SeedKubernetesAuth>(`${w}.kubernetes`, raw.kubernetes, ['allowedNamespaces', 'allowedNames', 'allowedAudience']);
  return {
    id: identityId,
    ...(clientId !== undefined && clientSecret !== undefined ? { universalAuth: { clientId, clientSecret } } : {}),
    ...(oidc ? { oidc } : {}),
    ...(kubernetes ? { kubernetes } : {}),
    projects: new Set(raw.projects),
  };
}

export function buildStore(seed: unknown): Store {
  if (!isObject(seed)) fail('<root>', 'must be an object');
  if (!Array.isArray(seed.identities)) fail('identities', 'must be an array');
  if (!isObject(seed.projects)) fail('projects', 'must be an object');
  const projects = new Map<string, StoredProject>();
  for (const [id, rawProject] of Object.entries(seed.projects)) {
    if (!isObject(rawProject) || !isObject(rawProject.environments)) fail(`projects.${id}`, 'needs an environments object');
    const slug = typeof rawProject.slug === 'string' ? rawProject.slug : id;
    const envs = new Map<string, StoredEnv>();
    for (const [envSlug, rawEnv] of Object.entries(rawProject.environments)) {
      envs.set(envSlug, buildEnv(id, envSlug, rawEnv, `projects.${id}.environments.${envSlug}`));
    }
    projects.set(id, { id, slug, envs });
  }
  const identities = new Map<string, StoredIdentity>();
  const byClientId = new Map<string, StoredIdentity>();
  seed.identities.forEach((raw: unknown, i: number) => {
    const identity = toIdentity(`identities[${i}]`, raw);
    if (identities.has(identity.id)) fail(`identities[${i}]`, `duplicate id '${identity.id}'`);
    identities.set(identity.id, identity);
    if (identity.universalAuth) byClientId.set(identity.universalAuth.clientId, identity);
  });
  return { identities, byClientId, projects };
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
