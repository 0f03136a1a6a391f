import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { Discoverer } from './discover-contracts.js';
import { emptyScan, scanEach, scanFile } from './scan-contracts.js';
import { buildTransportMap, type TransportOverrides } from './transport-map.js';
import type { ContractScan, Requirement } from './types.js';
import { trace } from '../util/trace.js';
import type { ScanBatch, ScanWorkerSetup } from './scan-worker.js';

// Below this many files a worker's start-up (about 40 ms of a core) costs more than it saves.
export const PARALLEL_THRESHOLD = 400;
// Files per batch: small enough to keep every thread busy to the end, large enough that handing one
// over costs little next to parsing it.
const BATCH = 200;
// Directories walked between two turns of the event loop, once worker threads wait for files.
const WALK_STEP = 64;

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
// A large tree is scanned on several threads. Worker threads start as soon as the walk has found
// enough files, and take batches of files as the walk finds them (the walk pauses every few dozen
// directories to hand them out); once the walk is over, the files not yet handed out are batched in
// scan order and this thread takes batches too. Each file's part is kept by file and the parts are
// joined in scan order, so the result is exactly the one-thread scan. YAML parsing is what a
// 10,000-contract tree spends its time on.
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
  // A worker that ends before it was told to stop (sent null), or still owing a batch it was given,
  // has failed, whatever its exit code: otherwise the scan would wait for it forever.
  const released = new Set<Worker>();
  const owed = new Map<Worker, number>();
  const queue: string[][] = []; // batches no thread has taken yet
  const hungry: Worker[] = []; // workers waiting for the walk to find more
  let walking = true;
  let batches = 0; // batches made
  let done = 0; // batches scanned
  const parts = new Map<string, ContractScan>(); // by file
  const give = (worker: Worker): void => {
    const files = queue.shift();
    if (files !== undefined) {
      owed.set(worker, (owed.get(worker) ?? 0) + 1);
      worker.postMessage({ files } satisfies ScanBatch);
    } else if (walking) hungry.push(worker);
    else {
      released.add(worker);
      worker.postMessage(null satisfies ScanBatch);
    }
  };
  const enqueue = (files: string[]): void => {
    queue.push(files);
    batches++;
    const worker = hungry.shift();
    if (worker !== undefined) give(worker);
  };
  const finished = (files: readonly string[], scanned: readonly ContractScan[]): void => {
    for (let i = 0; i < files.length; i++) {
      parts.set(files[i]!, scanned[i]!);
      hand(scanned[i]!.requirements);
    }
    done++;
    wake?.();
  };
  const startWorkers = (): void => {
    // node:worker_threads costs 2 to 4 ms to load: only for a tree that uses it.
    const { Worker: WorkerClass } = require('node:worker_threads') as typeof import('node:worker_threads');
    const setup: ScanWorkerSetup = { cwd, overrides };
    for (let i = 1; i < threads; i++) {
      const worker = new WorkerClass(file!, { workerData: setup });
      workers.push(worker);
      worker.once('error', fail);
      worker.once('exit', (code) => {
        if (!released.has(worker) || (owed.get(worker) ?? 0) > 0) fail(new Error(`scan worker exited with ${code} before it had scanned its files`));
      });
      worker.on('message', ({ files, json }: { files: string[]; json: string }) => {
        owed.set(worker, owed.get(worker)! - 1);
        finished(files, JSON.parse(json) as ContractScan[]);
        give(worker);
      });
      // Two batches ahead, so a worker never waits for this thread to hand it the next one.
      give(worker);
      give(worker);
    }
  };

  // The files found so far, in walk order, each once (roots may overlap); those before `handed` are
  // in batches already.
  const found: string[] = [];
  const seen = new Set<string>();
  let handed = 0;
  const handOut = (): void => {
    for (; found.length - handed >= BATCH; handed += BATCH) enqueue(found.slice(handed, handed + BATCH));
  };
  const parallel = file !== undefined && threads >= 2;
  const walk = new Discoverer(roots, cwd, (_count, path) => {
    if (!parallel || seen.has(path)) return;
    seen.add(path);
    found.push(path);
    if (found.length === PARALLEL_THRESHOLD) startWorkers();
  });
  try {
    while (!walk.step(WALK_STEP)) {
      if (workers.length === 0) continue;
      if (failure !== undefined) throw failure;
      handOut();
      await nextTurn();
    }
    if (failure !== undefined) throw failure;
    const { files, problems } = walk.result();
    const scan = emptyScan();
    scan.problems.push(...problems);
    const threadsUsed = `${workers.length + 1} thread${workers.length === 0 ? '' : 's'}`;
    trace(`${files.length} contracts found, scanned on ${threadsUsed}, ${handed} of them handed out during the walk`);

    if (workers.length === 0) {
      for (const absolute of files) {
        hand(scanFile(absolute, cwd, map, scan));
        if (onRequirements !== undefined) await nextTurn();
      }
      return scan;
    }

    // The rest of the files, in scan order.
    const taken = new Set(found.slice(0, handed));
    const rest = files.filter((f) => !taken.has(f));
    for (let i = 0; i < rest.length; i += BATCH) enqueue(rest.slice(i, i + BATCH));
    walking = false;
    for (const worker of hungry.splice(0)) give(worker);
    for (let files = queue.shift(); files !== undefined && failure === undefined; files = queue.shift()) {
      finished(files, scanEach(files, cwd, map));
      // Worker results and, online, replies from Infisical are handled between batches.
      await nextTurn();
    }
    while (done < batches && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
    if (failure !== undefined) throw failure;
    for (const absolute of files) append(scan, parts.get(absolute)!);
    return scan;
  } catch (error) {
    for (const worker of workers) void worker.terminate();
    throw error;
  } finally {
    wake = undefined;
  }
};
