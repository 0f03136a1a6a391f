import type { InfisicalClient, ListScope } from '../client.js';
import { field } from './call-reply.js';

// The folder routes of both server generations: /api/v1/folders takes `workspaceId` (the v2 route,
// `projectId`, is newer than the Oct-2024 server). A name is one path segment.

const parentPath = (parent: string): string => (parent.length > 1 ? parent.replace(/\/+$/, '') : '/');

// The names of a folder's direct subfolders; a folder that does not exist lists as none (the
// server answers 200 with an empty list). Any other answer is thrown, never taken for "none".
export const listSubfolders = async (client: InfisicalClient, scope: ListScope, parent: string): Promise<Set<string>> => {
  const query = new URLSearchParams({ workspaceId: scope.projectId, environment: scope.environment, path: parentPath(parent) });
  const reply = await client.call({ method: 'GET', path: `/api/v1/folders?${query.toString()}` }, { phase: 'read', idempotent: true });
  if (!reply.ok) throw reply.failure();
  const folders = field(reply, client.context, 'read', (d) => (d as { folders?: unknown }).folders, 'folders list');
  if (!Array.isArray(folders)) throw reply.failure();
  return new Set(folders.flatMap((f: unknown) => (typeof (f as { name?: unknown })?.name === 'string' ? [(f as { name: string }).name] : [])));
};

export type FolderCreated = 'created' | 'exists';

// One folder made under `parent`. A duplicate is answered 400 "already exists" by newer servers and
// 200 by older ones, never 409: a 400 is believed only once a new listing shows the folder (a
// plan-limit or bad-environment 400 says "already" nowhere and stays a failure).
export const createFolder = async (client: InfisicalClient, scope: ListScope, parent: string, name: string): Promise<FolderCreated> => {
  const json = { workspaceId: scope.projectId, environment: scope.environment, name, path: parentPath(parent) };
  const reply = await client.call({ method: 'POST', path: '/api/v1/folders', json }, { phase: 'write', idempotent: false });
  if (reply.ok) return 'created';
  if (reply.status === 400 && /already exists/i.test(reply.message) && (await listSubfolders(client, scope, parent)).has(name)) return 'exists';
  throw reply.failure();
};
