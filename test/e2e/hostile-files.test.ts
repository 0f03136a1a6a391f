// A FIFO or device where a file is read, and a signal during a long walk: the wrapper never hangs,
// and SIGTERM before the launch ends it at once whatever it is doing (issue 14). The messages of
// each file kind in each role are rows of docs/bad-input.md; these are the parts a row cannot say.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

describe('a contract that is a FIFO or a device link', () => {
  it.each([
    ['a FIFO', (dir: string) => execFileSync('mkfifo', [join(dir, 'contract.yaml')]), 'is a FIFO (named pipe)'],
    ['a link to /dev/zero', (dir: string) => symlinkSync('/dev/zero', join(dir, 'contract.yaml')), 'is a device'],
  ])('plan --offline with %s ends, naming the file (it hung forever)', async (_kind, make, words) => {
    const cwd = makeTree({ 'svc/contract.yaml': 'metadata: {transport_type: mcp}\n' });
    make(cwd);
    const result = await runCli(['plan', '--offline'], { cwd, timeoutMs: 20_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`contract.yaml: ${words}, not a regular file: not read`);
    expect(result.stdout).toContain('MCP_SERVER_HOST'); // the other contract is still read
  });
});

// A tree of many empty directories: walking it takes long enough to signal the wrapper during it.
const wideTree = (): string => {
  const cwd = makeTree({ 'svc/contract.yaml': 'metadata: {transport_type: mcp}\n' });
  for (let a = 0; a < 20; a++) for (let b = 0; b < 400; b++) mkdirSync(join(cwd, 'd', String(a), String(b)), { recursive: true });
  return cwd;
};

describe('a signal during a long walk', () => {
  it('SIGTERM ends the wrapper at once as SIGTERM would, and the command never starts', async () => {
    const cwd = wideTree();
    let sentAt = 0;
    const result: CliResult = await runCli(['--require', '--', 'sh', '-c', 'touch started'], {
      cwd,
      env: { SECRETS_RUN_TRACE: '1', MCP_SERVER_HOST: 'h', MCP_SERVER_PORT: '1' },
      timeoutMs: 60_000,
      onSpawn: (child) => {
        let seen = '';
        child.stderr!.on('data', (chunk: string) => {
          seen += chunk;
          // The contracts stage is loaded: the walk starts now.
          if (sentAt === 0 && seen.includes('contracts stage loaded')) {
            sentAt = Date.now();
            child.kill('SIGTERM');
          }
        });
      },
    });
    const after = Date.now() - sentAt;
    expect(sentAt).toBeGreaterThan(0);
    // The walk was still going (else the test proves nothing: make the tree wider).
    expect(result.stderr).not.toContain('contracts found');
    expect({ code: result.code, signal: result.signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(existsSync(join(cwd, 'started'))).toBe(false);
    // A hang guard, not a timing: the issue asks for 1 s, this only catches a wrapper stuck in the walk.
    expect(after).toBeLessThan(5_000);
  });
});
