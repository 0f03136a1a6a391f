import { parentPort, workerData } from 'node:worker_threads';
import { emptyScan, scanFile } from './scan-contracts.js';
import { buildTransportMap, type TransportOverrides } from './transport-map.js';

export interface ScanWorkerSetup {
  cwd: string;
  overrides: TransportOverrides;
}

// A batch of a large scan, by its place in the scan order; `null` ends the worker.
export type ScanBatch = { index: number; files: string[] } | null;

// A worker thread of a large scan: started while the main thread still walks the tree, then fed
// batches of files. Each batch's result goes back whole, as one JSON string (structured-cloning tens
// of thousands of small objects cost four times as much), so the caller can keep the scan order.
const setup = workerData as ScanWorkerSetup;
const map = buildTransportMap(setup.overrides);
parentPort!.on('message', (batch: ScanBatch) => {
  if (batch === null) return parentPort!.close();
  const scan = emptyScan();
  for (const file of batch.files) scanFile(file, setup.cwd, map, scan);
  parentPort!.postMessage({ index: batch.index, json: JSON.stringify(scan) });
});
