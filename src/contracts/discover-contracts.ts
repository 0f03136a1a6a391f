import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { comparePaths } from './path-order.js';
import type { ContractProblem } from './types.js';

const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);

export const isContractFileName = (name: string): boolean =>
  name === 'contract.yaml' || (name.startsWith('contract_') && name.endsWith('.yaml') && name.length >= 'contract_.yaml'.length);

export interface Discovery {
  files: string[]; // absolute paths, in scan order
  problems: ContractProblem[];
}

// Each root in the order given; within a directory root, every match sorted by path; a file seen
// twice is scanned once.
// onFound sees the running count of files found, while the walk goes on.
export const discoverContracts = (roots: readonly string[], cwd: string, onFound?: (count: number) => void): Discovery => {
  const files: string[] = [];
  const problems: ContractProblem[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };
  for (const root of roots) {
    const absolute = resolve(cwd, root);
    let isDir: boolean;
    try {
      isDir = statSync(absolute).isDirectory();
    } catch {
      problems.push({ file: relative(cwd, absolute) || root, message: 'contracts path does not exist' });
      continue;
    }
    if (!isDir) {
      add(absolute);
      continue;
    }
    const found: string[] = [];
    walk(absolute, found, problems, cwd, onFound === undefined ? undefined : () => onFound(files.length + found.length));
    found.sort(comparePaths);
    for (const file of found) add(file);
  }
  return { files, problems };
};

const walk = (dir: string, found: string[], problems: ContractProblem[], cwd: string, onFound?: () => void): void => {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ file: relative(cwd, dir) || '.', message: `directory not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      // A directory with a contract's name is reported, as the upstream reader fails on it.
      if (isContractFileName(entry.name)) found.push(path);
      walk(path, found, problems, cwd, onFound);
    } else if (isContractFileName(entry.name)) {
      // Symlinked files are read; a symlink to a directory is never followed.
      if (entry.isSymbolicLink() && isDirectoryTarget(path)) continue;
      found.push(path);
      onFound?.();
    }
  }
};

const isDirectoryTarget = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};
