import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { discoverContracts } from './discover-contracts.js';
import { extractContract } from './extract-contract.js';
import type { TransportMap } from './transport-map.js';
import type { ContractScan } from './types.js';

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

// Discovery and extraction over every root; problems are collected, never thrown.
export const scanContracts = (roots: readonly string[], cwd: string, map: TransportMap): ContractScan => {
  const discovery = discoverContracts(roots, cwd);
  const scan: ContractScan = { contracts: [], requirements: [], transports: [], problems: [...discovery.problems] };
  for (const absolute of discovery.files) {
    const file = relative(cwd, absolute) || absolute;
    scan.contracts.push(file);
    let text: string;
    try {
      text = decoder.decode(readFileSync(absolute));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      scan.problems.push({ file, message: code === 'ERR_ENCODING_INVALID_ENCODED_DATA' ? 'not valid UTF-8' : readFailure(code) });
      continue;
    }
    const extract = extractContract(text, file, map);
    scan.requirements.push(...extract.requirements);
    for (const t of extract.transports) if (!scan.transports.includes(t)) scan.transports.push(t);
    scan.problems.push(...extract.problems);
  }
  return scan;
};
