import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Discoverer } from './discover-contracts.js';
import { emptyScan, scanFile } from './scan-contracts.js';
import { BATCH, nextTurn, ScanPool } from './scan-pool.js';
import { buildTransportMap, type TransportMap, type TransportOverrides } from './transport-map.js';
import type { ContractScan, Requirement } from './types.js';
import { trace } from '../util/trace.js';

// Below this many files a worker's start-up (about 40 ms of a core) costs more than it saves.
export const PARALLEL_THRESHOLD = 400;
// Directories walked between two turns of the event loop, once worker threads wait for files.
const WALK_STEP = 64;
// The longest the walk or a one-thread scan keeps the event loop from the pre-launch signal
// listeners (a walk of a large tree took seconds, with SIGTERM waiting behind it).
const TURN_MS = 20;

// The bundled worker sits next to this chunk in dist/; run from source (tests) there is none, and the
// scan stays on the main thread.
const workerFile = (): string | undefined => {
  const file = typeof __dirname === 'string' ? join(__dirname, 'scan-worker.cjs') : undefined;
  return file !== undefined && existsSync(file) ? file : undefined;
};

// A tree too small for workers (or run from source): every file on this thread, in scan order, with
// a turn of the event loop after each when someone waits for the requirements.
const scanHere = async (
  files: readonly string[],
  cwd: string,
  map: TransportMap,
  scan: ContractScan,
  onRequirements?: (requirements: readonly Requirement[]) => void,
): Promise<ContractScan> => {
  let turn = Date.now();
  for (const absolute of files) {
    const requirements = scanFile(absolute, cwd, map, scan);
    onRequirements?.(requirements);
    // Offline too, a turn now and then: a signal before launch must end the wrapper at once.
    if (onRequirements !== undefined || Date.now() - turn > TURN_MS) {
      await nextTurn();
      turn = Date.now();
    }
  }
  return scan;
};

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
  const pool = new ScanPool(hand);

  // The files found so far, in walk order, each once (roots may overlap); those before `handed` are
  // in batches already.
  const found: string[] = [];
  const seen = new Set<string>();
  let handed = 0;
  const handOut = (): void => {
    for (; found.length - handed >= BATCH; handed += BATCH) pool.enqueue(found.slice(handed, handed + BATCH));
  };
  const parallel = file !== undefined && threads >= 2;
  const walk = new Discoverer(roots, cwd, (_count, path) => {
    if (!parallel || seen.has(path)) return;
    seen.add(path);
    found.push(path);
    if (found.length === PARALLEL_THRESHOLD) pool.start(file, threads, cwd, overrides);
  });
  try {
    let turn = Date.now();
    while (!walk.step(WALK_STEP)) {
      if (pool.workers.length === 0) {
        if (Date.now() - turn > TURN_MS) {
          await nextTurn();
          turn = Date.now();
        }
        continue;
      }
      if (pool.failure !== undefined) throw pool.failure;
      handOut();
      await nextTurn();
    }
    if (pool.failure !== undefined) throw pool.failure;
    const { files, problems } = walk.result();
    const scan = emptyScan();
    scan.problems.push(...problems);
    const workers = pool.workers.length;
    const threadsUsed = `${workers + 1} thread${workers === 0 ? '' : 's'}`;
    trace(`${files.length} contracts found, scanned on ${threadsUsed}, ${handed} of them handed out during the walk`);
    if (workers === 0) return await scanHere(files, cwd, map, scan, onRequirements);

    // The rest of the files, in scan order.
    const taken = new Set(found.slice(0, handed));
    await pool.finish(
      files,
      files.filter((f) => !taken.has(f)),
      cwd,
      map,
      scan,
    );
    return scan;
  } catch (error) {
    pool.terminate();
    throw error;
  }
};
