// Folder list and create, v1 (`workspaceId`) and v2 (`projectId`) (docs/emulator.md, Admin routes).
// Creating a folder that exists is where the generations differ: the older service returned the
// existing folder with 200, newer ones answer 400 "already exists" (legacy knob `existingFolder200`).
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import type { Deps } from './deps.js';
import { apiError, badRequest, validationFailure } from './errors.js';
import { actor, projectNotFound, requireProjectAccess } from './access.js';
import { BodyReader } from './body.js';
import { QueryReader } from './query.js';
import type { StoredEnv, StoredFolder } from './seed.js';
import { normalizePath, stableId } from './seed.js';

export type FolderApi = 'v1' | 'v2';

const FOLDER_NAME = /^[a-zA-Z0-9-_]+$/;

function projectKey(api: FolderApi): string {
  return api === 'v1' ? 'workspaceId' : 'projectId';
}

function envNotFound(ctx: Ctx, env: string, projectId: string) {
  return apiError(ctx.reqId, 404, 'NotFound', `Environment with slug '${env}' in project with ID '${projectId}' not found`);
}

function nameOf(path: string): string {
  return path === '/' ? 'root' : (path.split('/').pop() as string);
}

function parentOf(path: string): string {
  return normalizePath(path.split('/').slice(0, -1).join('/'));
}

export function folderView(projectId: string, env: StoredEnv, folder: StoredFolder, createdAt: string): Record<string, unknown> {
  const parent = folder.path === '/' ? undefined : env.folders.get(parentOf(folder.path));
  return {
    id: folder.id,
    name: nameOf(folder.path),
    version: 1,
    createdAt,
    updatedAt: createdAt,
    envId: stableId('env', projectId, env.slug),
    parentId: parent?.id ?? null,
    isReserved: false,
    description: null,
    lastSecretModified: null,
    path: folder.path,
  };
}

/** Resolves project and environment in the server's order: project (404), membership (403), environment (404). */
function locate(ctx: Ctx, deps: Deps, projectId: string, envSlug: string, need: 'read' | 'write') {
  const identity = actor(ctx, deps);
  const project = deps.store.projects.get(projectId);
  if (!project) throw projectNotFound(ctx, projectId);
  requireProjectAccess(ctx, identity, projectId, need, 'secret-folders');
  const env = project.envs.get(envSlug);
  if (!env) throw envNotFound(ctx, envSlug, projectId);
  return env;
}

export function listFolders(ctx: Ctx, deps: Deps, api: FolderApi): void {
  const q = new QueryReader(ctx.query);
  const projectId = q.nonEmpty(projectKey(api));
  const envSlug = q.nonEmpty('environment');
  q.bool('recursive');
  if (q.issues.length > 0) throw validationFailure(ctx.reqId, q.issues);
  if (projectId === undefined || envSlug === undefined) throw badRequest(ctx.reqId, 'Missing project id or environment');
  const env = locate(ctx, deps, projectId, envSlug, 'read');
  const path = normalizePath(q.str('path') ?? q.str('directory') ?? '/');
  // A path that does not exist lists as empty, not 404.
  const children = [...env.folders.values()].filter((f) => f.path !== '/' && parentOf(f.path) === path);
  children.sort((a, b) => a.path.localeCompare(b.path));
  sendJson(ctx, 200, { folders: children.map((f) => folderView(projectId, env, f, deps.createdAt)) });
}

export async function createFolder(ctx: Ctx, deps: Deps, api: FolderApi): Promise<void> {
  const b = await BodyReader.read(ctx);
  const projectId = b.str(projectKey(api), true);
  const envSlug = b.str('environment', true);
  const name = b.str('name', true);
  if (name !== undefined && !FOLDER_NAME.test(name)) {
    b.issues.push({ validation: 'regex', code: 'invalid_string', message: 'Folder name can only contain alphanumeric, dashes and underscore', path: ['name'] });
  }
  const parentPath = normalizePath(b.str('path') ?? b.str('directory') ?? '/');
  b.str('description');
  b.done(ctx);
  const env = locate(ctx, deps, projectId as string, envSlug as string, 'write');
  const path = normalizePath(`${parentPath}/${name as string}`);
  const existing = env.folders.get(path);
  if (existing) {
    if (deps.faults.legacy('existingFolder200')) return sendJson(ctx, 200, { folder: folderView(projectId as string, env, existing, deps.createdAt) });
    throw badRequest(ctx.reqId, `Folder with name '${name as string}' already exists in path '${parentPath}'`);
  }
  // Missing parents are created on the way, as the server's mkdir -p does.
  const segments = path.split('/').filter(Boolean);
  for (let i = 1; i <= segments.length; i++) {
    const p = '/' + segments.slice(0, i).join('/');
    if (env.folders.has(p)) continue;
    env.folders.set(p, { id: stableId('folder', projectId as string, env.slug, p), path: p, secrets: [], imports: [] });
    deps.countWrite('folders');
  }
  sendJson(ctx, 200, { folder: folderView(projectId as string, env, env.folders.get(path) as StoredFolder, deps.createdAt) });
}
