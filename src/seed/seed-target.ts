import { usageError } from '../errors.js';
import { foldersFor } from '../plan/build-plan.js';
import type { PlannedKey } from '../plan/types.js';

// Where `seed` writes: the shared folders every service reads (the default), or one service's own
// folders, which rank above the shared ones for that service only (docs/contracts.md, Folders and priority).
export type SeedTarget = { kind: 'shared' } | { kind: 'service'; slug: string };

// Pure: `--target` and `--service` → the target, or a usage error before anything is asked.
export const seedTarget = (target: string, service: string): SeedTarget => {
  if (target === 'shared') return { kind: 'shared' };
  if (target !== 'service') throw usageError(`--target ${target}: expected shared or service`);
  if (service === '') throw usageError('--target service needs a service slug', 'pass --service SLUG (or set SECRETS_RUN_SERVICE)');
  return { kind: 'service', slug: service };
};

// The one folder a key is written to: of the folders the plan reads it from, the first one of the
// target's kind, so a key asked for by several transports is written where a run looks first. A plan
// built without the service has no service folder: the key's own transport then names it.
export const seedFolder = (key: Pick<PlannedKey, 'transport' | 'folders'>, target: SeedTarget): string => {
  const prefix = target.kind === 'shared' ? '/shared/' : `/services/${target.slug}/`;
  const planned = key.folders.find((folder) => folder.startsWith(prefix));
  if (planned !== undefined) return planned;
  const { own, shared } = foldersFor(key.transport, target.kind === 'service' ? target.slug : '');
  return target.kind === 'shared' ? shared : own[0]!;
};

// A folder and its ancestors below the root, top-down: `/services/api/db/` → `/services/`,
// `/services/api/`, `/services/api/db/` (Infisical creates one segment per request).
export const folderChain = (folder: string): string[] => {
  const segments = folder.split('/').filter((s) => s !== '');
  return segments.map((_, i) => `/${segments.slice(0, i + 1).join('/')}/`);
};
