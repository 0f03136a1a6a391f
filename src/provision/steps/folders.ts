import { createFolder, listSubfolders } from '../../infisical/routes/folders.js';
import type { ProvisionContext } from '../context.js';
import { foldersTopDown } from '../shared-folders.js';

// `/shared/{db,kafka}`: the folders in a step line.
const folderSet = (folders: readonly string[]): string => {
  const names = folders.map((f) => f.replace(/^\/shared\//, '').replace(/\/$/, ''));
  if (names.length === 0) return 'no folder';
  return names.length === 1 ? `/shared/${names[0]}` : `/shared/{${names.join(',')}}`;
};

// 6. The folders /shared/<transport>/ in every environment, parents first. Each parent is listed once
// before anything is made under it; a folder made now has no subfolders, so it is not listed. A 400
// "already exists" (made by someone else since the listing) is believed only after a new listing
// (routes/folders.ts). Done even when the env file's credentials work: the contracts may have grown.
export const foldersStep = async (run: ProvisionContext): Promise<void> => {
  const { options, admin, project, input } = run;
  const subject = `${folderSet(input.folders)} in ${options.environments.join(', ')}`;
  run.begin('folders', subject, admin);
  if (admin === undefined || project === undefined) return run.done('folders', subject, 'would-create');
  let made = 0;
  let existed = 0;
  for (const environment of options.environments) {
    admin.begin(input.timeoutMs);
    const scope = { projectId: project.id, environment };
    const known = new Map<string, Set<string>>(); // a folder's subfolders, once listed or made
    for (const { parent, name, path } of foldersTopDown(input.folders)) {
      let names = known.get(parent);
      if (names === undefined) known.set(parent, (names = await listSubfolders(admin, scope, parent)));
      if (names.has(name)) {
        existed++;
        continue;
      }
      const result = options.dryRun ? 'would-create' : await createFolder(admin, scope, parent, name);
      names.add(name);
      if (result === 'exists') existed++;
      else {
        made++;
        known.set(path, new Set());
      }
      input.detail(`provision: folder /${environment}${path}: ${result}`);
    }
  }
  const result = made === 0 ? 'exists' : options.dryRun ? 'would-create' : 'created';
  run.done('folders', subject, result, `${made} ${options.dryRun ? 'to make' : 'made'}, ${existed} existed`);
};
