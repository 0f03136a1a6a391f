import type { Wanted } from './routes/parse-tree.js';

// What the fetch is told by the scan: each folder as soon as a contract first needs it, and, once the
// plan is known, which keys of which folders it wants (all a reply is read for).
export interface FolderFeed extends AsyncIterable<string> {
  readonly wanted: Promise<Wanted>;
}

// The folders to list, as the contract scan finds them: listing starts while the scan still runs,
// so request latency overlaps the scan. Each folder is handed out once; iteration ends at close(),
// which also says what is wanted (nothing, when the scan failed).
export class FolderQueue implements FolderFeed {
  readonly wanted: Promise<Wanted>;
  #settle!: (wanted: Wanted) => void;
  #pending: string[] = [];
  #seen = new Set<string>();
  #waiting: ((result: IteratorResult<string>) => void)[] = [];
  #closed = false;

  push(folder: string): void {
    if (this.#closed || this.#seen.has(folder)) return;
    this.#seen.add(folder);
    const waiter = this.#waiting.shift();
    if (waiter) waiter({ value: folder, done: false });
    else this.#pending.push(folder);
  }

  constructor() {
    this.wanted = new Promise((resolve) => (this.#settle = resolve));
  }

  close(wanted: Wanted = new Map()): void {
    this.#settle(wanted);
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => {
        const folder = this.#pending.shift();
        if (folder !== undefined) return Promise.resolve({ value: folder, done: false });
        if (this.#closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.#waiting.push(resolve));
      },
    };
  }
}
