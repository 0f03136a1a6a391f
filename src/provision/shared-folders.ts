import type { PlannedKey } from '../plan/types.js';

// The folders provision makes: `/shared/<transport>/` for every transport the plan has keys in (the
// folders a run reads and `seed` writes by default), each with its parents, top-down. Pure.

export const sharedFolders = (plan: readonly PlannedKey[]): string[] => {
  const folders = new Set<string>();
  for (const entry of plan) for (const folder of entry.folders) if (folder.startsWith('/shared/')) folders.add(folder);
  return [...folders].sort();
};

// Each folder once, parents before children: `/shared/db/` → `/shared/`, `/shared/db/`.
export const foldersTopDown = (folders: readonly string[]): { parent: string; name: string; path: string }[] => {
  const seen = new Set<string>();
  const out: { parent: string; name: string; path: string }[] = [];
  for (const folder of folders) {
    const segments = folder.split('/').filter((s) => s !== '');
    segments.forEach((name, i) => {
      const path = `/${segments.slice(0, i + 1).join('/')}/`;
      if (seen.has(path)) return;
      seen.add(path);
      out.push({ parent: i === 0 ? '/' : `/${segments.slice(0, i).join('/')}/`, name, path });
    });
  }
  return out;
};
