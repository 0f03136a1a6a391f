import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanContracts } from '../../../src/contracts/scan-contracts.js';
import { buildTransportMap } from '../../../src/contracts/transport-map.js';
import { makeTree } from '../../helpers/tree.js';

const map = buildTransportMap();

describe('scanning a tree', () => {
  it('collects every problem with its file and keeps scanning', () => {
    const root = makeTree({
      'a/contract.yaml': 'metadata: {transport_type: db}\n',
      'b/contract.yaml': '- not\n- a mapping\n',
      'c/contract.yaml': 'metadata: {transport_type: nope}\n',
      'd/contract.yaml/.keep': '',
      'e/contract.yaml': 'metadata: [unclosed\n',
      'f/contract.yaml': '',
      'g/contract.yaml': { symlink: 'missing-target.yaml' },
      'h/contract.yaml': 'handler_routing: {handlers: [{handler_type: kafka}]}\n',
    });
    const scan = scanContracts(['.'], root, map);
    expect(scan.contracts).toEqual([
      'a/contract.yaml',
      'b/contract.yaml',
      'c/contract.yaml',
      'd/contract.yaml',
      'e/contract.yaml',
      'f/contract.yaml',
      'g/contract.yaml',
      'h/contract.yaml',
    ]);
    expect(scan.transports).toEqual(['db', 'kafka']);
    expect(scan.problems.map((p) => [p.file, p.message.replace(/:.*/, '')])).toEqual([
      ['b/contract.yaml', 'non-mapping YAML root (got list)'],
      ['c/contract.yaml', "unknown transport_type 'nope' (metadata.transport_type)"],
      ['d/contract.yaml', 'is a directory, not a contract file'],
      ['e/contract.yaml', 'invalid YAML'],
      ['g/contract.yaml', 'not readable (broken link or removed)'],
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', () => {
    const root = makeTree({ 'a/contract.yaml': 'metadata: {transport_type: db}\n' });
    chmodSync(join(root, 'a/contract.yaml'), 0o000);
    expect(scanContracts(['.'], root, map).problems).toEqual([{ file: 'a/contract.yaml', message: 'not readable (permission denied)' }]);
  });

  it('reports a file that is not UTF-8', () => {
    const root = makeTree({});
    writeFileSync(join(root, 'contract.yaml'), Buffer.from([0x6d, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    expect(scanContracts(['.'], root, map).problems).toEqual([{ file: 'contract.yaml', message: 'not valid UTF-8' }]);
  });

  it('gives paths relative to the working directory', () => {
    const root = makeTree({ 'deep/x/contract.yaml': 'metadata: {transport_type: mcp}\n' });
    const scan = scanContracts([join(root, 'deep')], root, map);
    expect(scan.contracts).toEqual(['deep/x/contract.yaml']);
    expect(scan.requirements[0]?.contract).toBe('deep/x/contract.yaml');
  });
});
