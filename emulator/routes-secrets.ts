// Secret reads: v4 list/get and the deprecated v3 raw list/get (docs/emulator.md, Routes). Checks run in the
// server's order: auth, query validation (422), missing project/env (400), membership (403), folder (404).
// The older server's differences are `legacy` knobs (legacy.ts).
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import type { Deps } from './deps.js';
import { apiError, badRequest, requiredIssue, validationFailure } from './errors.js';
import { authenticate } from './routes-auth.js';
import { permissionDenied } from './access.js';
import { QueryReader } from './query.js';
import { normalizePath } from './seed.js';
import type { ReadOptions } from './views.js';
import { findOne, getFolder, importRows, listRows, selectFolders } from './views.js';

export type ApiVersion = 'v4' | 'v3';

/**
 * v4 defaults follow current servers (expand and imports on); v3 defaults follow the deprecated TS
 * router (both off). Clients should send every flag explicitly anyway.
 */
const DEFAULTS: Record<ApiVersion, { expand: boolean; imports: boolean }> = {
  v4: { expand: true, imports: true },
  v3: { expand: false, imports: false },
};

function resolveProject(ctx: Ctx, deps: Deps, q: QueryReader, version: ApiVersion): string | undefined {
  if (version === 'v4') return q.nonEmpty('projectId');
  const id = q.nonEmpty('workspaceId');
  if (id !== undefined) return id;
  const slug = q.nonEmpty('workspaceSlug');
  if (slug === undefined) return undefined;
  for (const p of deps.store.projects.values()) if (p.slug === slug || p.id === slug) return p.id;
  throw apiError(ctx.reqId, 404, 'NotFound', `Project with slug '${slug}' not found`);
}

function checkMember(ctx: Ctx, deps: Deps, identityId: string, projectId: string): void {
  const identity = deps.store.identities.get(identityId);
  if (!identity?.projects.has(projectId) || !deps.store.projects.has(projectId)) {
    throw apiError(ctx.reqId, 403, `Identity is not a member of the specified project with ID '${projectId}'`, 'You are not allowed to access this resource');
  }
  // A member with the `no-access` role is in the project but may read nothing (access.ts).
  if (identity.roles.get(projectId) === 'no-access') throw permissionDenied(ctx, 'read', 'secrets');
}

function folderNotFound(ctx: Ctx, path: string, env: string) {
  return apiError(
    ctx.reqId,
    404,
    'SecretPathNotFound',
    `Folder with path '${path}' in environment '${env}' was not found. Please ensure the environment slug and secret path is correct.`,
  );
}

export function listSecrets(ctx: Ctx, deps: Deps, version: ApiVersion): void {
  const identityId = authenticate(ctx, deps);
  const q = new QueryReader(ctx.query);
  const viewValue = q.bool('viewSecretValue') ?? true;
  const expand = q.bool('expandSecretReferences') ?? DEFAULTS[version].expand;
  const recursive = q.bool('recursive') ?? false;
  const includeImports = q.includeImports(version === 'v3') ?? DEFAULTS[version].imports;
  q.bool('includePersonalOverrides'); // validated only: identities own no personal secrets
  if (q.issues.length > 0) throw validationFailure(ctx.reqId, q.issues);

  const projectId = resolveProject(ctx, deps, q, version);
  const env = q.nonEmpty('environment');
  if (projectId === undefined || env === undefined) throw badRequest(ctx.reqId, 'Missing project id or environment');
  // The older server looked the project's bot up before any permission check, and said so when it was missing.
  if (version === 'v3' && deps.faults.legacy('unknownProject404') && !deps.store.projects.has(projectId)) {
    throw apiError(ctx.reqId, 404, 'NotFound', 'Project not found during bot lookup. Are you sure you are using the correct project ID?');
  }
  checkMember(ctx, deps, identityId, projectId);

  const path = normalizePath(q.str('secretPath') ?? '/');
  const o: ReadOptions = { projectId, env, path, expand, viewValue, includeImports, createdAt: deps.createdAt };
  const folders = selectFolders(deps.store, o, recursive);
  if (folders.length === 0) return missingFolder(ctx, deps, version, o, recursive);
  const secrets = listRows(deps.store, folders, o);
  // The older v3 route left `imports` out of the reply when they were not asked for.
  if (version === 'v3' && !includeImports && deps.faults.legacy('noImportsKey')) return sendJson(ctx, 200, { secrets });
  sendJson(ctx, 200, { secrets, imports: importRows(deps.store, folders, o) });
}

/** A list of a folder or environment that does not exist, as each generation of the server answers it. */
function missingFolder(ctx: Ctx, deps: Deps, version: ApiVersion, o: ReadOptions, recursive: boolean): void {
  const envMissing = !deps.store.projects.get(o.projectId)?.envs.has(o.env);
  // The older server's recursive walk failed outright on an environment it could not find.
  if (version === 'v3' && recursive && envMissing && deps.faults.legacy('recursiveMissingEnv500')) {
    throw apiError(ctx.reqId, 500, 'InternalServerError', 'Something went wrong');
  }
  // Older servers answered a missing folder with an empty 200; current ones with a 404.
  if (deps.faults.legacy('missingFolderEmpty200')) return sendJson(ctx, 200, { secrets: [], imports: [] });
  if (recursive && envMissing) throw apiError(ctx.reqId, 404, 'NotFound', `Environment with slug '${o.env}' in project with ID ${o.projectId} not found`);
  throw folderNotFound(ctx, o.path, o.env);
}

export function getSecret(ctx: Ctx, deps: Deps, version: ApiVersion, name: string): void {
  const identityId = authenticate(ctx, deps);
  const q = new QueryReader(ctx.query);
  const viewValue = q.bool('viewSecretValue') ?? true;
  const expand = q.bool('expandSecretReferences') ?? DEFAULTS[version].expand;
  const includeImports = q.includeImports(version === 'v3') ?? DEFAULTS[version].imports;
  const type = q.oneOf('type', ['shared', 'personal']) ?? 'shared';
  q.number('version');
  if (version === 'v4' && q.nonEmpty('projectId') === undefined) q.issues.push(requiredIssue('projectId'));
  if (q.issues.length > 0) throw validationFailure(ctx.reqId, q.issues);

  const projectId = resolveProject(ctx, deps, q, version);
  if (projectId === undefined) throw badRequest(ctx.reqId, 'You must provide workspaceSlug or workspaceId');
  const env = q.nonEmpty('environment');
  if (env === undefined) throw badRequest(ctx.reqId, 'Missing environment');
  checkMember(ctx, deps, identityId, projectId);

  const path = normalizePath(q.str('secretPath') ?? '/');
  const folder = getFolder(deps.store, projectId, env, path);
  if (!folder) throw apiError(ctx.reqId, 404, 'GetSecretByName', `Folder with path '${path}' in environment with slug '${env}' not found`);
  const o: ReadOptions = { projectId, env, path, expand, viewValue, includeImports, createdAt: deps.createdAt };
  // Machine identities own no personal secrets, so a personal read never finds anything.
  const secret = type === 'shared' ? findOne(deps.store, folder, name, o) : undefined;
  if (!secret) throw apiError(ctx.reqId, 404, 'NotFound', `Secret with name '${name}' not found`);
  sendJson(ctx, 200, { secret });
}
