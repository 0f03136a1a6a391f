// Issue 13, item 3: one honest deadline. A server that answers within --timeout succeeds, though
// each of its answers takes more than a third of it (each try used to be cut at a third).
import { describe, expect, it } from 'vitest';
import { buildSeed, childEnv, contract, ownLines, printEnv, runWith, useEmulator } from '../helpers/emulator-env.js';
import { makeTree } from '../helpers/tree.js';

const emu = useEmulator(buildSeed({ prod: { '/shared/mcp': { MCP_SERVER_HOST: 'mcp.shared', MCP_SERVER_PORT: '9000' } } }));

describe('the deadline', () => {
  it('a server whose login and list take 70% of --timeout between them: the run gets its secrets', async () => {
    // 2.1 s per answer, --timeout 6: login and list end at 4.2 s; a third of the deadline is 2 s.
    emu().setFaults({ latencyMs: 2100 });
    const r = await runWith(
      emu(),
      ['--timeout', '6', ...printEnv('MCP_SERVER_HOST')],
      {},
      { cwd: makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'mcp' }) }) },
    );
    expect(r.code).toBe(0);
    expect(childEnv(r)).toEqual({ MCP_SERVER_HOST: 'mcp.shared' });
    expect(ownLines(r.stderr)).toEqual([expect.stringMatching(/^secrets-run: 2 keys from Infisical \(environment prod\) in \d+ ms$/)]);
  }, 20_000);
});
