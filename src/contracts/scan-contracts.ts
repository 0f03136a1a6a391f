import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { discoverContracts } from './discover-contracts.js';
import { extractContract } from './extract-contract.js';
import type { TransportMap } from './transport-map.js';
import type { ContractScan, Requirement } from './types.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

const readFailure = (code: string | undefined): string => {
  switch (code) {
    case 'EISDIR':
      return 'is a directory, not a contract file';
    case 'EACCES':
    case 'EPERM':
      return 'not readable (permission denied)';
    case 'ENOENT':
      return 'not readable (broken link or removed)';
    default:
      return `not readable (${code ?? 'error'})`;
  }
};

// One file into the scan; returns its requirements.
const scanFile = (absolute: string, cwd: string, map: TransportMap, scan: ContractScan): readonly Requirement[] => {
  const file = relative(cwd, absolute) || absolute;
  scan.contracts.push(file);
  let text: string;
  try {
    text = decoder.decode(readFileSync(absolute));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    scan.problems.push({ file, message: code === 'ERR_ENCODING_INVALID_ENCODED_DATA' ? 'not valid UTF-8' : readFailure(code) });
    return [];
  }
  const extract = extractContract(text, file, map);
  scan.requirements.push(...extract.requirements);
  for (const t of extract.transports) if (!scan.transports.includes(t)) scan.transports.push(t);
  scan.problems.push(...extract.problems);
  return extract.requirements;
};

const startScan = (roots: readonly string[], cwd: string): { files: string[]; scan: ContractScan } => {
  const discovery = discoverContracts(roots, cwd);
  return { files: discovery.files, scan: { contracts: [], requirements: [], transports: [], problems: [...discovery.problems] } };
};

// Discovery and extraction over every root; problems are collected, never thrown.
export const scanContracts = (roots: readonly string[], cwd: string, map: TransportMap): ContractScan => {
  const { files, scan } = startScan(roots, cwd);
  for (const absolute of files) scanFile(absolute, cwd, map, scan);
  return scan;
};

// The same, handing each file's requirements over as it goes and letting the event loop run every
// few files, so network replies (the login, early folder listings) are handled during the scan.
export const scanContractsStreaming = async (
  roots: readonly string[],
  cwd: string,
  map: TransportMap,
  onRequirements: (requirements: readonly Requirement[]) => void,
  filesPerTurn = 4,
): Promise<ContractScan> => {
  const { files, scan } = startScan(roots, cwd);
  for (let i = 0; i < files.length; i++) {
    onRequirements(scanFile(files[i]!, cwd, map, scan));
    if ((i + 1) % filesPerTurn === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return scan;
};
