import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { emptyScan, scanFile, startScan } from './scan-contracts.js';
import { buildTransportMap, type TransportOverrides } from './transport-map.js';
import type { ContractScan, Requirement } from './types.js';
import { trace } from '../util/trace.js';
import type { ScanBatch, ScanWorkerSetup } from './scan-worker.js';

// Below this many files a worker's start-up (about 40 ms of a core) costs more than it saves.
export const PARALLEL_THRESHOLD = 400;
// Files per batch: small enough to keep every thread busy to the end, large enough that handing one
// over costs little next to parsing it.
const BATCH = 200;

// The bundled worker sits next to this chunk in dist/; run from source (tests) there is none, and the
// scan stays on the main thread.
const workerFile = (): string | undefined => {
  const file = typeof __dirname === 'string' ? join(__dirname, 'scan-worker.cjs') : undefined;
  return file !== undefined && existsSync(file) ? file : undefined;
};

const append = (into: ContractScan, part: ContractScan): void => {
  for (const c of part.contracts) into.contracts.push(c);
  for (const r of part.requirements) into.requirements.push(r);
  for (const t of part.transports) if (!into.transports.includes(t)) into.transports.push(t);
  for (const p of part.problems) into.problems.push(p);
};

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// The scan the CLI runs. Each file's requirements go to onRequirements as soon as they are known, and
// the event loop runs between files, so an online run lists folders while the scan goes on.
//
// A large tree is cut into batches in scan order. Worker threads, started as soon as the walk has
// found enough files (their start-up overlaps the rest of the walk), and this thread take batches
// from one queue until it is empty; the parts are joined in batch order, so the result is exactly
// the one-thread scan. YAML parsing is what a 10,000-contract tree spends its time on.
export const scanTree = async (
  roots: readonly string[],
  cwd: string,
  overrides: TransportOverrides,
  onRequirements?: (requirements: readonly Requirement[]) => void,
): Promise<ContractScan> => {
  const hand = onRequirements ?? (() => undefined);
  // First: a bad transport override must fail before any worker exists (each worker builds the map too).
  const map = buildTransportMap(overrides);
  const file = workerFile();
  const threads = Math.min(4, availableParallelism());
  const workers: Worker[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    wake?.();
  };
  // Batches handed to each worker and not yet answered: a worker that ends owing one has failed,
  // whatever its exit code, or the scan would wait for it forever.
  const owed = new Map<Worker, number>();
  const startWorkers = (): void => {
    // node:worker_threads costs 2 to 4 ms to load: only for a tree that uses it.
    const { Worker: WorkerClass } = require('node:worker_threads') as typeof import('node:worker_threads');
    const setup: ScanWorkerSetup = { cwd, overrides };
    for (let i = 1; i < threads; i++) {
      const worker = new WorkerClass(file!, { workerData: setup });
      workers.push(worker);
      owed.set(worker, 0);
      worker.once('error', fail);
      worker.once('exit', (code) => {
        if (owed.get(worker)! > 0) fail(new Error(`scan worker exited with ${code} before it had scanned its files`));
      });
    }
  };
  const { files, scan } = startScan(roots, cwd, (count) => {
    if (count === PARALLEL_THRESHOLD && file !== undefined && threads >= 2) startWorkers();
  });
  trace(`${files.length} contracts found, scanned on ${workers.length + 1} thread${workers.length === 0 ? '' : 's'}`);

  if (workers.length === 0) {
    for (const absolute of files) {
      hand(scanFile(absolute, cwd, map, scan));
      if (onRequirements !== undefined) await nextTurn();
    }
    return scan;
  }

  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
  const parts: (ContractScan | undefined)[] = new Array(batches.length);
  let next = 0;
  let pending = batches.length;
  const settle = (): void => {
    pending--;
    wake?.();
  };
  const feed = (worker: Worker): void => {
    if (next >= batches.length) return void worker.postMessage(null satisfies ScanBatch);
    owed.set(worker, owed.get(worker)! + 1);
    worker.postMessage({ index: next, files: batches[next++]! } satisfies ScanBatch);
  };
  try {
    for (const worker of workers) {
      worker.on('message', ({ index, json }: { index: number; json: string }) => {
        owed.set(worker, owed.get(worker)! - 1);
        const part = JSON.parse(json) as ContractScan;
        parts[index] = part;
        hand(part.requirements);
        feed(worker);
        settle();
      });
      // Two batches ahead, so a worker never waits for this thread to hand it the next one.
      feed(worker);
      feed(worker);
    }
    while (next < batches.length && failure === undefined) {
      const index = next++;
      const part = emptyScan();
      for (const absolute of batches[index]!) scanFile(absolute, cwd, map, part);
      parts[index] = part;
      hand(part.requirements);
      settle();
      // Worker results and, online, replies from Infisical are handled between batches.
      await nextTurn();
    }
    while (pending > 0 && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
    if (failure !== undefined) throw failure;
  } catch (error) {
    for (const worker of workers) void worker.terminate();
    throw error;
  } finally {
    wake = undefined;
  }
  for (const part of parts) append(scan, part!);
  return scan;
};
