import { parentPort, workerData } from 'node:worker_threads';
import { scanEach } from './scan-contracts.js';
import { buildTransportMap, type TransportOverrides } from './transport-map.js';

export interface ScanWorkerSetup {
  cwd: string;
  overrides: TransportOverrides;
}

// A batch of a large scan; `null` ends the worker.
export type ScanBatch = { files: string[] } | null;

// A worker thread of a large scan: started while the main thread still walks the tree, then fed
// batches of files. Each batch's result goes back as one JSON string (structured-cloning tens of
// thousands of small objects cost four times as much), a part per file, so the caller can put the
// parts in scan order whatever order the walk handed the files out in.
const setup = workerData as ScanWorkerSetup;
const map = buildTransportMap(setup.overrides);
parentPort!.on('message', (batch: ScanBatch) => {
  if (batch === null) return parentPort!.close();
  parentPort!.postMessage({ files: batch.files, json: JSON.stringify(scanEach(batch.files, setup.cwd, map)) });
});
