import type { Worker } from 'node:worker_threads';
import { scanEach } from './scan-contracts.js';
import type { TransportMap, TransportOverrides } from './transport-map.js';
import type { ContractScan, Requirement } from './types.js';
import type { ScanBatch, ScanWorkerSetup } from './scan-worker.js';

// Files per batch: small enough to keep every thread busy to the end, large enough that handing one
// over costs little next to parsing it.
export const BATCH = 200;

export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const append = (into: ContractScan, part: ContractScan): void => {
  for (const c of part.contracts) into.contracts.push(c);
  for (const r of part.requirements) into.requirements.push(r);
  for (const t of part.transports) if (!into.transports.includes(t)) into.transports.push(t);
  for (const p of part.problems) into.problems.push(p);
};

// The worker threads of one large scan and the batches of files they share with this thread (see
// scanTree). Batches are queued while the walk goes on; a worker that finds the queue empty waits
// for the next batch until the walk is over, and is then told to stop. Each file's part is kept by
// file, so the caller can join them in scan order.
export class ScanPool {
  readonly workers: Worker[] = [];
  failure: Error | undefined;
  private wake: (() => void) | undefined;
  // A worker that ends before it was told to stop (sent null), or still owing a batch it was given,
  // has failed, whatever its exit code: otherwise the scan would wait for it forever.
  private readonly released = new Set<Worker>();
  private readonly owed = new Map<Worker, number>();
  private readonly queue: string[][] = []; // batches no thread has taken yet
  private readonly hungry: Worker[] = []; // workers waiting for the walk to find more
  private walking = true;
  private batches = 0; // batches made
  private done = 0; // batches scanned
  private readonly parts = new Map<string, ContractScan>(); // by file

  constructor(private readonly hand: (requirements: readonly Requirement[]) => void) {}

  readonly fail = (error: Error): void => {
    this.failure ??= error;
    this.wake?.();
  };

  // Starts threads - 1 workers from the bundled worker file; this thread is the last one.
  start(file: string, threads: number, cwd: string, overrides: TransportOverrides): void {
    // node:worker_threads costs 2 to 4 ms to load: only for a tree that uses it.
    const { Worker: WorkerClass } = require('node:worker_threads') as typeof import('node:worker_threads');
    const setup: ScanWorkerSetup = { cwd, overrides };
    for (let i = 1; i < threads; i++) {
      const worker = new WorkerClass(file, { workerData: setup });
      this.workers.push(worker);
      worker.once('error', this.fail);
      worker.once('exit', (code) => {
        if (!this.released.has(worker) || (this.owed.get(worker) ?? 0) > 0)
          this.fail(new Error(`scan worker exited with ${code} before it had scanned its files`));
      });
      worker.on('message', ({ files, json }: { files: string[]; json: string }) => {
        this.owed.set(worker, this.owed.get(worker)! - 1);
        this.finished(files, JSON.parse(json) as ContractScan[]);
        this.give(worker);
      });
      // Two batches ahead, so a worker never waits for this thread to hand it the next one.
      this.give(worker);
      this.give(worker);
    }
  }

  enqueue(files: string[]): void {
    this.queue.push(files);
    this.batches++;
    const worker = this.hungry.shift();
    if (worker !== undefined) this.give(worker);
  }

  // Once the walk is over: the files not handed out yet (`rest`, in scan order) are batched, this
  // thread scans batches alongside the workers, and the parts of all `files` are joined into `scan`
  // in scan order.
  async finish(files: readonly string[], rest: readonly string[], cwd: string, map: TransportMap, scan: ContractScan): Promise<void> {
    for (let i = 0; i < rest.length; i += BATCH) this.enqueue(rest.slice(i, i + BATCH));
    this.walking = false;
    for (const worker of this.hungry.splice(0)) this.give(worker);
    for (let batch = this.queue.shift(); batch !== undefined && this.failure === undefined; batch = this.queue.shift()) {
      this.finished(batch, scanEach(batch, cwd, map));
      // Worker results and, online, replies from Infisical are handled between batches.
      await nextTurn();
    }
    try {
      while (this.done < this.batches && this.failure === undefined) await new Promise<void>((resolve) => (this.wake = resolve));
    } finally {
      this.wake = undefined;
    }
    if (this.failure !== undefined) throw this.failure;
    for (const absolute of files) append(scan, this.parts.get(absolute)!);
  }

  terminate(): void {
    for (const worker of this.workers) void worker.terminate();
  }

  private give(worker: Worker): void {
    const files = this.queue.shift();
    if (files !== undefined) {
      this.owed.set(worker, (this.owed.get(worker) ?? 0) + 1);
      worker.postMessage({ files } satisfies ScanBatch);
    } else if (this.walking) this.hungry.push(worker);
    else {
      this.released.add(worker);
      worker.postMessage(null satisfies ScanBatch);
    }
  }

  private finished(files: readonly string[], scanned: readonly ContractScan[]): void {
    for (let i = 0; i < files.length; i++) {
      this.parts.set(files[i]!, scanned[i]!);
      this.hand(scanned[i]!.requirements);
    }
    this.done++;
    this.wake?.();
  }
}
