import { lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { statRoot } from './contract-roots.js';
import { comparePaths } from './path-order.js';
import type { ContractProblem } from './types.js';

const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
// Kernel and device trees: never contracts, and /proc alone holds a copy of every process's view
// (reading /dev could block). Passed over wherever the walk meets them, as a mount elsewhere is.
const SYSTEM_DIRS: ReadonlySet<string> = new Set(['/proc', '/sys', '/dev']);

// The device of a directory (st_dev), injectable so a test can put a mount point anywhere.
export type DeviceOf = (path: string) => number;
const deviceOf: DeviceOf = (path) => lstatSync(path).dev;

export const isContractFileName = (name: string): boolean =>
  name === 'contract.yaml' || (name.startsWith('contract_') && name.endsWith('.yaml') && name.length >= 'contract_.yaml'.length);

export interface Discovery {
  files: string[]; // absolute paths, in scan order
  problems: ContractProblem[];
}

// Each root in the order given; within a directory root, every match sorted by path; a file seen
// twice is scanned once.
// onFound sees each file found (and the running count), while the walk goes on.
export const discoverContracts = (roots: readonly string[], cwd: string, onFound?: FoundListener, devOf?: DeviceOf): Discovery => {
  const discovery = new Discoverer(roots, cwd, onFound, devOf);
  discovery.step(Infinity);
  return discovery.result();
};

export type FoundListener = (count: number, file: string) => void;

// The walk as steps of a bounded number of directories, so a caller can let the event loop run in
// between (a large scan hands the files found so far to its worker threads). Depth first in each
// directory's own order, as a recursive walk would go. The walk stays on the filesystem of its root
// (a mount below it, such as a volume or /proc under `/`, is passed over) and never enters /proc,
// /sys or /dev. A root that does not exist or cannot be read is an error (USAGE): the user named it.
export class Discoverer {
  readonly #files: string[] = [];
  readonly #problems: ContractProblem[] = [];
  readonly #seen = new Set<string>();
  #root = 0;
  #found: string[] = []; // the current directory root's matches
  #stack: { dir: string; entries: Dirent[]; next: number }[] = [];
  #count = 0;
  #device = 0; // the current directory root's st_dev

  constructor(
    private readonly roots: readonly string[],
    private readonly cwd: string,
    private readonly onFound?: FoundListener,
    private readonly devOf: DeviceOf = deviceOf,
  ) {}

  // Walks at most `dirs` more directories; true when the walk is over.
  step(dirs: number): boolean {
    for (;;) {
      if (this.#stack.length === 0) {
        this.#endRoot();
        if (this.#root >= this.roots.length) return true;
        this.#startRoot(this.roots[this.#root++]!);
        continue;
      }
      const frame = this.#stack[this.#stack.length - 1]!;
      const entry = frame.entries[frame.next++];
      if (entry === undefined) {
        this.#stack.pop();
        continue;
      }
      const path = join(frame.dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name) || SYSTEM_DIRS.has(path) || !this.#sameDevice(path)) continue;
        // A directory with a contract's name is reported, as the upstream reader fails on it.
        if (isContractFileName(entry.name)) this.#found.push(path);
        this.#enter(path);
        if (--dirs <= 0) return false;
      } else if (isContractFileName(entry.name)) {
        // Symlinked files are read; a symlink to a directory is never followed.
        if (entry.isSymbolicLink() && isDirectoryTarget(path)) continue;
        this.#found.push(path);
        this.onFound?.(++this.#count, path);
      }
    }
  }

  result(): Discovery {
    return { files: this.#files, problems: this.#problems };
  }

  #startRoot(root: string): void {
    const absolute = resolve(this.cwd, root);
    const stats = statRoot(root, this.cwd);
    if (!stats.isDirectory()) return this.#add(absolute);
    this.#device = stats.dev;
    this.#enter(absolute);
  }

  #sameDevice(dir: string): boolean {
    try {
      return this.devOf(dir) === this.#device;
    } catch {
      return true; // gone since readdir: #enter says so
    }
  }

  #endRoot(): void {
    if (this.#found.length === 0) return;
    this.#found.sort(comparePaths);
    for (const file of this.#found) this.#add(file);
    this.#found = [];
  }

  #add(file: string): void {
    if (this.#seen.has(file)) return;
    this.#seen.add(file);
    this.#files.push(file);
  }

  #enter(dir: string): void {
    try {
      this.#stack.push({ dir, entries: readdirSync(dir, { withFileTypes: true }), next: 0 });
    } catch (error) {
      this.#problems.push({ file: relative(this.cwd, dir) || '.', message: `directory not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    }
  }
}

const isDirectoryTarget = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};
