import type { InfisicalClient, ListScope } from '../../infisical/client.js';
import { isInfisicalError } from '../../infisical/errors.js';
import { listSubfolders } from '../../infisical/routes/folders.js';
import { lookAtFolder } from '../../infisical/routes/seed-look.js';
import type { LiveFolder } from '../../seed/seed-actions.js';
import { folderChain } from '../../seed/seed-target.js';

// A login that fails fails the whole seed before anything is decided: thrown as it is.
export const rethrowLogin = (error: unknown): string => {
  if (!isInfisicalError(error) || error.phase === 'login') throw error;
  return error.reason;
};

const parentOf = (folder: string): string => {
  const chain = folderChain(folder);
  return chain.length > 1 ? chain[chain.length - 2]! : '/';
};

const nameOf = (folder: string): string => folder.slice(parentOf(folder).length, -1);

// Read only: each folder's existence from its parent's listing (older servers answer a missing
// folder's secrets with an empty 200, so a secrets listing alone cannot tell), then the secrets of
// the folders keys are written to. Parents before children, each level at once; a folder under a
// missing parent is missing and under an unread one unread, without a request.
export const lookLive = async (
  client: InfisicalClient,
  scope: ListScope,
  folders: readonly string[],
  keysIn: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<Map<string, LiveFolder>> => {
  const live = new Map<string, LiveFolder>();
  const subfolders = new Map<string, Promise<Set<string>>>();
  const listed = (parent: string): Promise<Set<string>> => {
    let names = subfolders.get(parent);
    if (names === undefined) subfolders.set(parent, (names = listSubfolders(client, scope, parent)));
    return names;
  };
  const look = async (folder: string): Promise<LiveFolder> => {
    const parent = parentOf(folder);
    const above = parent === '/' ? undefined : live.get(parent);
    if (above?.kind === 'missing') return above;
    if (above?.kind === 'failed') return { kind: 'failed', reason: `${parent}: ${above.reason}` };
    try {
      if (!(await listed(parent)).has(nameOf(folder))) return { kind: 'missing' };
      const keys = keysIn.get(folder);
      if (keys === undefined || keys.size === 0) return { kind: 'listed', values: new Map(), imported: new Set() };
      const found = await lookAtFolder(client, scope, folder, keys);
      return found === undefined ? { kind: 'missing' } : { kind: 'listed', ...found };
    } catch (error) {
      return { kind: 'failed', reason: rethrowLogin(error) };
    }
  };
  const depth = (folder: string): number => folderChain(folder).length;
  const levels = [...new Set(folders.map(depth))].sort((a, b) => a - b);
  for (const level of levels) {
    const here = folders.filter((folder) => depth(folder) === level);
    const states = await Promise.all(here.map(look));
    here.forEach((folder, i) => live.set(folder, states[i]!));
  }
  return live;
};
