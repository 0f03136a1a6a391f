// Every file secrets-run reads, as every kind of thing a path can be: each reader returns at once
// with a result or its own classified error, never blocks (a FIFO with no writer would hang an
// open or read forever) and never reads past its cap (a link to /dev/zero).
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanContracts } from '../../src/contracts/scan-contracts.js';
import { buildTransportMap } from '../../src/contracts/transport-map.js';
import { isSecretsRunError } from '../../src/errors.js';
import { readConfigFile } from '../../src/settings/config-file.js';
import { loadEnvFiles } from '../../src/sources/env-files.js';
import { READ_CAPS } from '../../src/util/read-regular-file.js';
import { makeTree } from '../helpers/tree.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const KINDS = ['fifo', 'device', 'oversize', 'directory', 'loop', 'link to a file', 'file'] as const;
type Kind = (typeof KINDS)[number];
const ROLES = ['contract', 'env file', 'config file'] as const;
const CAP = { contract: READ_CAPS.contract, 'env file': READ_CAPS.envFile, 'config file': READ_CAPS.config };

// Puts a thing of that kind at dir/name.
const make = (dir: string, name: string, kind: Kind, cap: number, content: string): void => {
  const path = join(dir, name);
  if (existsSync(path) || kind === 'loop') rmSync(path, { recursive: true, force: true });
  if (kind === 'fifo') execFileSync('mkfifo', [path]);
  else if (kind === 'device') symlinkSync('/dev/zero', path);
  else if (kind === 'directory') mkdirSync(path);
  else if (kind === 'loop') symlinkSync(name, path);
  else if (kind === 'oversize') {
    writeFileSync(path, '');
    truncateSync(path, cap + 1 + (content.length % 1024)); // sparse: no disk, and all zero bytes
  } else if (kind === 'link to a file') {
    writeFileSync(`${path}.target`, content);
    symlinkSync(`${name}.target`, path);
  } else writeFileSync(path, content);
};

const read = (role: (typeof ROLES)[number], dir: string, name: string): void => {
  if (role === 'contract') {
    // Found by the walk, as contracts are (a --contracts root that loops is a usage error instead).
    const scan = scanContracts(['.'], dir, buildTransportMap());
    for (const p of scan.problems) expect(p.file).toBe(name);
  } else if (role === 'env file') loadEnvFiles([{ path: name, explicit: true }], dir);
  else readConfigFile(name, dir);
};

describe('file kinds: every reader, every kind of path', () => {
  it('never blocks, never reads past its cap, and fails only with its own error naming the file', () => {
    const hasMkfifo = (() => {
      try {
        execFileSync('sh', ['-c', 'command -v mkfifo']);
        return true;
      } catch {
        return false;
      }
    })();
    const kinds = KINDS.filter((k) => hasMkfifo || k !== 'fifo');
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...kinds), fc.string({ maxLength: 40 }), (role, kind, content) => {
        const dir = makeTree({});
        const name = role === 'contract' ? 'contract.yaml' : role === 'env file' ? 'x.env' : 'x.yaml';
        make(dir, name, kind, CAP[role], content);
        try {
          read(role, dir, name);
        } catch (error) {
          // A contract's trouble is a problem, never thrown; an env file or config file is 125 naming it.
          expect(role).not.toBe('contract');
          expect(isSecretsRunError(error) && error.code).toBe(role === 'env file' ? 'ENV_FILE_UNREADABLE' : 'CONFIG_INVALID');
          expect((error as Error).message).toContain(name);
        }
      }),
      { numRuns: Math.min(RUNS, 120) },
    );
  });
});
