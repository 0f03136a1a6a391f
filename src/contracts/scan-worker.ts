import { parentPort, workerData } from 'node:worker_threads';
import { scanFile } from './scan-contracts.js';
import { buildTransportMap, type TransportOverrides } from './transport-map.js';
import type { ContractScan } from './types.js';

export interface ScanJob {
  files: string[];
  cwd: string;
  overrides: TransportOverrides;
}

// A worker thread's share of a large scan: the same per-file work as the main thread, sent back
// whole so the caller can keep discovery order.
const job = workerData as ScanJob;
const map = buildTransportMap(job.overrides);
const scan: ContractScan = { contracts: [], requirements: [], transports: [], problems: [] };
for (const file of job.files) scanFile(file, job.cwd, map, scan);
// One JSON string: structured-cloning tens of thousands of small objects cost four times as much.
parentPort!.postMessage(JSON.stringify(scan));
