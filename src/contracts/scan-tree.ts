import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker as WorkerClass } from 'node:worker_threads';
import { scanFile, startScan } from './scan-contracts.js';
import { buildTransportMap, type TransportOverrides } from './transport-map.js';
import type { ContractScan, Requirement } from './types.js';

// Below this many files a worker's start-up (about 40 ms) costs more than it saves.
export const PARALLEL_THRESHOLD = 400;

// The bundled worker sits next to this chunk in dist/; run from source (tests) there is none, and the
// scan stays on the main thread.
const workerFile = (): string | undefined => {
  const file = typeof __dirname === 'string' ? join(__dirname, 'scan-worker.cjs') : undefined;
  return file !== undefined && existsSync(file) ? file : undefined;
};

const runWorker = (Worker: typeof WorkerClass, file: string, files: string[], cwd: string, overrides: TransportOverrides): Promise<ContractScan> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: { files, cwd, overrides } });
    worker.once('message', (json: string) => resolve(JSON.parse(json) as ContractScan));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`scan worker exited with ${code}`)));
  });

const append = (into: ContractScan, part: ContractScan): void => {
  for (const c of part.contracts) into.contracts.push(c);
  for (const r of part.requirements) into.requirements.push(r);
  for (const t of part.transports) if (!into.transports.includes(t)) into.transports.push(t);
  for (const p of part.problems) into.problems.push(p);
};

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// The scan the CLI runs. Each file's requirements go to onRequirements as soon as they are known, and
// the event loop runs every few files, so an online run lists folders while the scan goes on. A large
// tree is split into contiguous blocks, one per core: worker threads take the later blocks while this
// thread does the first, and the parts are joined in order, so the result is the same as on one
// thread. YAML parsing is what a 10,000-contract tree spends its time on.
export const scanTree = async (
  roots: readonly string[],
  cwd: string,
  overrides: TransportOverrides,
  onRequirements?: (requirements: readonly Requirement[]) => void,
): Promise<ContractScan> => {
  const streaming = onRequirements !== undefined;
  const hand = onRequirements ?? (() => undefined);
  const { files, scan } = startScan(roots, cwd);
  const map = buildTransportMap(overrides);
  const file = workerFile();
  const threads = Math.min(4, availableParallelism());
  const parallel = file !== undefined && threads >= 2 && files.length >= PARALLEL_THRESHOLD;
  const size = parallel ? Math.ceil(files.length / threads) : files.length;
  // node:worker_threads costs 2 to 4 ms to load: only for a tree that uses it.
  const Worker = parallel ? (await import('node:worker_threads')).Worker : undefined;
  const others = Worker ? Array.from({ length: threads - 1 }, (_, i) => runWorker(Worker, file!, files.slice((i + 1) * size, (i + 2) * size), cwd, overrides)) : [];
  for (let i = 0; i < size && i < files.length; i++) {
    hand(scanFile(files[i]!, cwd, map, scan));
    // Only an online run has replies to handle meanwhile; after every file, so that a reply (the
    // login's above all) waits for one file's parse at most.
    if (streaming) await nextTurn();
  }
  for (const part of await Promise.all(others)) {
    append(scan, part);
    hand(part.requirements);
  }
  return scan;
};
