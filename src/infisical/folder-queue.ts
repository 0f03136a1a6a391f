// The folders to list, as the contract scan finds them: listing starts while the scan still runs,
// so request latency overlaps the scan. Each folder is handed out once; iteration ends at close().
export class FolderQueue implements AsyncIterable<string> {
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

  close(): void {
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
