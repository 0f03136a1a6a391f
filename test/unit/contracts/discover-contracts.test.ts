import { chmodSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverContracts, isContractFileName } from '../../../src/contracts/discover-contracts.js';
import { makeTree } from '../../helpers/tree.js';

const rel = (root: string, files: string[]): string[] => files.map((f) => f.slice(root.length + 1));

describe('contract discovery', () => {
  it('matches contract.yaml and contract_*.yaml only', () => {
    expect(isContractFileName('contract.yaml')).toBe(true);
    expect(isContractFileName('contract_runtime.yaml')).toBe(true);
    expect(isContractFileName('contract_.yaml')).toBe(true);
    expect(isContractFileName('contract.yml')).toBe(false);
    expect(isContractFileName('Contract.yaml')).toBe(false);
    expect(isContractFileName('my_contract.yaml')).toBe(false);
    expect(isContractFileName('contract-x.yaml')).toBe(false);
    expect(isContractFileName('contract_x.yaml.bak')).toBe(false);
  });

  it('walks recursively, both patterns, sorted by path component', () => {
    const root = makeTree({
      'b/contract.yaml': '',
      'a-b/contract.yaml': '',
      'a/contract_x.yaml': '',
      'a/z/contract.yaml': '',
      'a/contract.yaml': '',
      'a/other.yaml': '',
      'a/subcontract.yaml': '',
    });
    const { files, problems } = discoverContracts(['.'], root);
    expect(problems).toEqual([]);
    expect(rel(root, files)).toEqual(['a/contract.yaml', 'a/contract_x.yaml', 'a/z/contract.yaml', 'a-b/contract.yaml', 'b/contract.yaml']);
  });

  it('skips node_modules and .git', () => {
    const root = makeTree({
      'node_modules/pkg/contract.yaml': '',
      'x/node_modules/contract.yaml': '',
      '.git/contract.yaml': '',
      'x/contract.yaml': '',
    });
    expect(rel(root, discoverContracts(['.'], root).files)).toEqual(['x/contract.yaml']);
  });

  it('never follows a symlinked directory, but reads a symlinked file', () => {
    const outside = makeTree({ 'deep/contract.yaml': '', 'file.yaml': 'metadata: {}' });
    const root = makeTree({
      'real/contract.yaml': '',
      'linked': { symlink: join(outside, 'deep') },
      'real/contract_link.yaml': { symlink: join(outside, 'file.yaml') },
    });
    expect(rel(root, discoverContracts(['.'], root).files)).toEqual(['real/contract.yaml', 'real/contract_link.yaml']);
  });

  it('reports a directory named contract.yaml as a file to scan (it fails to read there)', () => {
    const root = makeTree({ 'svc/contract.yaml/.keep': '' });
    expect(rel(root, discoverContracts(['.'], root).files)).toEqual(['svc/contract.yaml']);
  });

  it('takes roots in the order given, a file root as is, and scans a file once', () => {
    const root = makeTree({ 'z/contract.yaml': '', 'a/contract.yaml': '', 'special.yml': '' });
    const { files } = discoverContracts(['z', 'special.yml', '.', 'a/contract.yaml'], root);
    expect(rel(root, files)).toEqual(['z/contract.yaml', 'special.yml', 'a/contract.yaml']);
  });

  it('refuses a missing root, and a looping one, as a usage error naming it', () => {
    const root = makeTree({ loop: { symlink: 'loop' } });
    expect(() => discoverContracts(['nope'], root)).toThrow(expect.objectContaining({ code: 'USAGE', message: 'nope: contracts path does not exist' }));
    expect(() => discoverContracts(['loop'], root)).toThrow(expect.objectContaining({ code: 'USAGE', message: 'loop: contracts path is a symlink loop' }));
  });

  it('stays on the filesystem of its root: a directory on another device is passed over', () => {
    const root = makeTree({ 'a/contract.yaml': '', 'mnt/b/contract.yaml': '', 'mnt/contract.yaml': '', 'c/contract.yaml': '' });
    const realDev = lstatSync(root).dev;
    // The injected st_dev puts a mount point at mnt/; everything else is on the root's device.
    const devOf = (path: string): number => (path === join(root, 'mnt') ? realDev + 1 : lstatSync(path).dev);
    expect(rel(root, discoverContracts(['.'], root, undefined, devOf).files)).toEqual(['a/contract.yaml', 'c/contract.yaml']);
    // Named as a root of its own, the mount is walked.
    expect(rel(root, discoverContracts(['mnt'], root, undefined, devOf).files)).toEqual(['mnt/b/contract.yaml', 'mnt/contract.yaml']);
  });

  it('never enters /proc, /sys or /dev when walking /', () => {
    // Every directory below / claims another device except these three, so the walk would enter only
    // them if it did not know better; it must enter none.
    const entered: string[] = [];
    const devOf = (path: string): number => {
      entered.push(path);
      return ['/proc', '/sys', '/dev'].includes(path) ? lstatSync('/').dev : -1;
    };
    expect(discoverContracts(['/'], '/tmp', undefined, devOf).files).toEqual([]);
    expect(entered.filter((p) => ['/proc', '/sys', '/dev'].includes(p))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable directory', () => {
    const root = makeTree({ 'locked/contract.yaml': '' });
    chmodSync(join(root, 'locked'), 0o000);
    const { problems } = discoverContracts(['.'], root);
    expect(problems[0]?.file).toBe('locked');
  });
});
