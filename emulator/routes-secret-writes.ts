// Secret create and update: v3 raw (`workspaceId`/`projectSlug`, what the Go CLI and Python SDK write
// with) and v4 (`projectId`, absent with `noV4`) (docs/emulator.md, Admin routes); batches in routes-secret-batch.ts.
// Checks run in the server's order: auth, body (422), project (404), role (403), folder (404), key (400).
// A duplicate is a 400, never a 409.
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import type { Deps } from './deps.js';
import { apiError, badRequest } from './errors.js';
import { actor, findProject, projectNotFound, requireProjectAccess } from './access.js';
import { BodyReader } from './body.js';
import type { StoredFolder, StoredSecret } from './seed.js';
import { normalizePath, stableId } from './seed.js';

export type WriteApi = 'v3' | 'v4';

/** The server's value transform: trimmed, but one trailing newline survives. */
export function cleanValue(v: string): string {
  return v.endsWith('\n') ? `${v.trim()}\n` : v.trim();
}

function nameIssue(name: string) {
  if (name.length > 0 && !name.includes(':') && !name.includes('/')) return undefined;
  return { code: 'custom', message: 'Invalid secret name', path: ['secretName'] };
}

export interface Target {
  projectId: string;
  env: string;
  path: string;
  folder: StoredFolder;
}

/** Reads the project, environment and path fields and resolves them to a folder the caller may write. */
export function target(ctx: Ctx, deps: Deps, b: BodyReader, api: WriteApi, names: string[], what: string): Target {
  const idOrSlug = api === 'v4' ? b.str('projectId', true) : (b.str('workspaceId') ?? b.str('projectSlug'));
  const env = b.str('environment', true);
  const path = normalizePath(b.str('secretPath') ?? '/');
  const type = b.str('type') ?? 'shared';
  for (const name of names) {
    const issue = nameIssue(name);
    if (issue) b.issues.push(issue);
  }
  b.done(ctx);
  if (idOrSlug === undefined) throw badRequest(ctx.reqId, 'Missing workspaceId or projectSlug');
  const identity = actor(ctx, deps);
  const project = api === 'v4' ? deps.store.projects.get(idOrSlug) : findProject(deps, idOrSlug);
  if (!project) throw projectNotFound(ctx, idOrSlug);
  requireProjectAccess(ctx, identity, project.id, 'write', 'secrets');
  if (type !== 'shared') throw badRequest(ctx.reqId, 'Must be user to create personal secret');
  const folder = project.envs.get(env as string)?.folders.get(path);
  if (!folder) {
    throw apiError(ctx.reqId, 404, what, `Folder with path '${path}' in environment with slug '${env as string}' not found`);
  }
  return { projectId: project.id, env: env as string, path, folder };
}

export function row(t: Target, s: StoredSecret, createdAt: string, shownValue = s.value): Record<string, unknown> {
  return {
    id: s.id,
    _id: s.id,
    workspace: t.projectId,
    environment: t.env,
    version: 1,
    type: 'shared',
    secretKey: s.key,
    secretValue: shownValue,
    secretComment: s.comment,
    secretReminderNote: null,
    secretReminderRepeatDays: null,
    skipMultilineEncoding: s.skipMultilineEncoding,
    secretPath: t.path,
    createdAt,
    updatedAt: createdAt,
    tags: [],
  };
}

function alreadyExists(ctx: Ctx, deps: Deps) {
  // The Oct-2024 server said "already exist"; newer ones "already exists".
  return badRequest(ctx.reqId, deps.faults.legacy('secretAlreadyExist') ? 'Secret already exist' : 'Secret already exists');
}

export function newSecret(t: Target, key: string, value: string, comment: string, skipMultilineEncoding: boolean): StoredSecret {
  return { id: stableId('secret', t.projectId, t.env, t.path, key), key, value, hidden: false, skipMultilineEncoding, comment };
}

export async function createSecret(ctx: Ctx, deps: Deps, api: WriteApi, name: string): Promise<void> {
  const b = await BodyReader.read(ctx);
  const value = b.raw('secretValue');
  if (value === undefined && !b.issues.some((i) => i.path[0] === 'secretValue'))
    b.issues.push({ code: 'invalid_type', expected: 'string', received: 'undefined', path: ['secretValue'], message: 'Required' });
  const comment = b.str('secretComment') ?? '';
  const skip = b.bool('skipMultilineEncoding') ?? false;
  const t = target(ctx, deps, b, api, [name], 'CreateSecret');
  if (t.folder.secrets.some((s) => s.key === name)) throw alreadyExists(ctx, deps);
  const secret = newSecret(t, name, cleanValue(value as string), comment, skip);
  t.folder.secrets.push(secret);
  deps.countWrite('secrets');
  sendJson(ctx, 200, { secret: row(t, secret, deps.createdAt) });
}

export async function updateSecret(ctx: Ctx, deps: Deps, api: WriteApi, name: string): Promise<void> {
  const b = await BodyReader.read(ctx);
  const value = b.raw('secretValue');
  const comment = b.str('secretComment');
  const skip = b.bool('skipMultilineEncoding');
  const newName = b.str('newSecretName');
  const t = target(ctx, deps, b, api, newName === undefined ? [name] : [name, newName], 'UpdateSecret');
  const secret = t.folder.secrets.find((s) => s.key === name);
  if (!secret) throw apiError(ctx.reqId, 404, 'NotFound', `Secret with name ${name} not found`);
  if (newName !== undefined && newName !== name && t.folder.secrets.some((s) => s.key === newName)) {
    throw badRequest(ctx.reqId, `Secret with name ${newName} already exists`);
  }
  if (value !== undefined) secret.value = cleanValue(value);
  if (comment !== undefined) secret.comment = comment;
  if (skip !== undefined) secret.skipMultilineEncoding = skip;
  if (newName !== undefined) secret.key = newName;
  deps.countWrite('secretUpdates');
  // The server echoes the value of the request, "" when none was sent.
  sendJson(ctx, 200, { secret: row(t, secret, deps.createdAt, value === undefined ? '' : cleanValue(value)) });
}
