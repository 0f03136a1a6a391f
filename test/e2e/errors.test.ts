// Errors as an interface: every code is documented in docs/errors.md and used by the program, each
// error line carries its code, and SECRETS_RUN_TRACE adds the stack's frames (never a message).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.js';
import { makeTree } from '../helpers/tree.js';
import { buildSeed, contract, ownLines, runWith, touchMarker, useEmulator } from '../helpers/emulator-env.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

const documented = (): string[] => [...readFileSync(join(ROOT, 'docs/errors.md'), 'utf8').matchAll(/^\| `([A-Z_]+)` \| (\d+) \|/gm)].map((m) => m[1]!);

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });

describe('error codes', () => {
  it('docs/errors.md has a row for every code, and for no other', () => {
    expect([...documented()].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('every code is one the program can produce (no dead codes)', () => {
    const text = sources(join(ROOT, 'src'))
      .join('\n')
      .replace(/export const ERROR_CODES = \[[^\]]*\]/, '');
    const unused = ERROR_CODES.filter((code) => !text.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  it('an error line ends with its code; without SECRETS_RUN_TRACE there is no stack', async () => {
    const r = await runCli(['--bogus', '--', 'true'], { cwd: makeTree({}) });
    expect([r.code, ownLines(r.stderr)]).toEqual([125, ['secrets-run: error: unknown option --bogus [USAGE]', "secrets-run: hint: see 'secrets-run --help'"]]);
  });

  it('SECRETS_RUN_TRACE=1 adds where it was thrown: stack frames only', async () => {
    const r = await runCli(['--service', 'a/b', '--', 'true'], { cwd: makeTree({}), env: { SECRETS_RUN_TRACE: '1' } });
    expect(r.code).toBe(125);
    const frames = ownLines(r.stderr).filter((l) => l.startsWith('secrets-run: trace: at '));
    expect(frames.length).toBeGreaterThan(0);
    // The message is on the error line, once; the frames name places, not words.
    expect(r.stderr.split('invalid service slug').length - 1).toBe(1);
    for (const frame of frames) expect(frame).toMatch(/^secrets-run: trace: at .*(\(|\s)\S+:\d+:\d+\)?$/);
  });
});

describe('an Infisical failure under --require', () => {
  const emu = useEmulator(buildSeed({ prod: { '/shared/mcp': { MCP_SERVER_HOST: 'mcp.shared' } } }));

  it('is a detail line of STRICT_FAILED carrying its own code', async () => {
    const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'mcp' }) });
    const marker = join(makeTree({}), 'started');
    const r = await runWith(emu(), ['--require', ...touchMarker(marker)], { INFISICAL_CLIENT_SECRET: 'not-the-secret' }, { cwd });
    expect(r.code).toBe(125);
    expect(ownLines(r.stderr)).toContainEqual(
      expect.stringMatching(/^secrets-run: {3}Infisical: \S+ refused the credentials \(HTTP 401: .*\) \[INFISICAL_AUTH_REFUSED\]$/),
    );
  });
});
