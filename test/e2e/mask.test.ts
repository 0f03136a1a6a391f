// Issue 17, --mask: the child's output passes through secrets-run with every injected value (from
// Infisical and the env files, in the forms programs print them) replaced, while its exit status,
// signals, a closed reader and a grandchild holding the pipe behave as without --mask.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../helpers/canary-registry.js';
import { buildSeed, contract, runWith, useEmulator } from '../helpers/emulator-env.js';
import { readLines, startCli, waitFor } from '../helpers/launch-proc.js';
import { BIN, CHILDREN, cleanEnv, runCli } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

const node = process.execPath;
const FROM_INFISICAL = 'pg-pass/with "quotes" & spaces 42';
const FROM_FILE = 'file-token-0123456789';
const MULTI = 'first-line-of-a-key\nsecond-line-of-a-key';
const SHORT = 'abc123';
for (const value of [FROM_INFISICAL, FROM_FILE, ...MULTI.split('\n')]) registerSecret(value);

const emu = useEmulator(buildSeed({ prod: { '/shared/db': { POSTGRES_PASSWORD: FROM_INFISICAL, POSTGRES_HOST: MULTI, POSTGRES_USER: SHORT } } }));
const tree = (): string => {
  const cwd = makeTree({ 'nodes/api/contract.yaml': contract({ transport: 'db' }) });
  writeFileSync(join(cwd, '.env'), `API_TOKEN=${FROM_FILE}\n`);
  return cwd;
};

// Prints each injected value whole, JSON-escaped, URL-encoded, and in two writes 50 ms apart.
const PRINTER = `
const vals = [process.env.POSTGRES_PASSWORD, process.env.API_TOKEN, process.env.POSTGRES_HOST];
for (const v of vals) {
  console.log('raw', v);
  console.log('json', JSON.stringify({ v }));
  console.log('url', encodeURIComponent(v));
  console.error('err', v);
}
const v = process.env.API_TOKEN;
process.stdout.write('split ' + v.slice(0, 7));
setTimeout(() => { process.stdout.write(v.slice(7) + ' end\\n'); console.log('short', process.env.POSTGRES_USER); process.exit(7); }, 50);
`;

describe('--mask (real bin)', () => {
  it('a child printing every injected value, in every form and split across writes, leaks none; its status stays', async () => {
    const result = await runWith(emu(), ['--mask', '--', node, '-e', PRINTER], {}, { cwd: tree() });
    expect(result.code).toBe(7);
    const out = result.stdout + result.stderr;
    for (const value of [FROM_INFISICAL, FROM_FILE, JSON.stringify(FROM_INFISICAL).slice(1, -1), encodeURIComponent(FROM_INFISICAL), ...MULTI.split('\n')])
      expect(out).not.toContain(value);
    expect(result.stdout).toContain('raw *****\n');
    expect(result.stdout).toContain('split ***** end\n');
    expect(result.stdout).toContain('json {"v":"*****"}\n');
    // Short values are not masked (they would garble ordinary output), and ordinary bytes pass unchanged.
    expect(result.stdout).toContain(`short ${SHORT}\n`);
    expect(result.stderr).toContain('err *****\n');
  });

  it('without --mask the same child prints the values (the test above can fail)', async () => {
    const result = await runCli(['--', node, '-e', 'console.log(process.env.API_TOKEN)'], { cwd: tree(), env: { API_TOKEN: 'not-injected-by-us' } });
    expect(result.stdout).toBe('not-injected-by-us\n');
    const masked = await runCli(['--mask', '--', node, '-e', 'console.log(process.env.API_TOKEN)'], { cwd: tree(), env: { API_TOKEN: 'not-injected-by-us' } });
    // Inherited unchanged: the caller's own value, not one secrets-run injected.
    expect(masked.stdout).toBe('not-injected-by-us\n');
  });

  it('binary output with no value in it passes byte for byte', () => {
    const cwd = tree();
    const script = 'const b=Buffer.alloc(300000);for(let i=0;i<b.length;i++)b[i]=(i*7919)%256;process.stdout.write(b)';
    const r = spawnSync(BIN, ['--mask', '--', node, '-e', script], { cwd, env: cleanEnv(), maxBuffer: 1e7 });
    expect(r.status).toBe(0);
    const expected = Buffer.alloc(300000);
    for (let i = 0; i < expected.length; i++) expected[i] = (i * 7919) % 256;
    expect(Buffer.compare(r.stdout, expected)).toBe(0);
  });

  it('--mask=github registers each line of each value first, and masks them after', async () => {
    const result = await runWith(emu(), ['--mask=github', '--', node, '-e', 'console.log(process.env.API_TOKEN)'], {}, { cwd: tree() });
    const lines = result.stdout.split('\n');
    expect(lines).toEqual(expect.arrayContaining([`::add-mask::${FROM_FILE}`, '::add-mask::first-line-of-a-key', '::add-mask::second-line-of-a-key']));
    expect(lines.at(-2)).toBe('*****');
  });

  it('SIGTERM is forwarded to the child once, and the wrapper ends with its status', async () => {
    const cwd = tree();
    const log = join(cwd, 'signals.log');
    const started = startCli(['--mask', '--', node, `${CHILDREN}/trap-signals.js`], { cwd, env: { TRAP_LOG: log, TRAP_EXIT_CODE: '5' } });
    await started.waitForStdout('ready');
    process.kill(started.pid, 'SIGTERM');
    expect(await started.exited).toEqual({ code: 5, signal: null });
    expect(readLines(log)).toEqual(['SIGTERM']);
  });

  it('a reader that goes away (| head) ends the child through its pipe, as in a shell pipeline', () => {
    const cwd = tree();
    // `yes` writes until a write fails; it must die of SIGPIPE, and the wrapper with its status.
    const r = spawnSync('sh', ['-c', `{ "${BIN}" --mask -- yes "line ${FROM_FILE}"; echo "status=$?" >&2; } | head -n 2`], {
      cwd,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.stdout).toBe('line *****\nline *****\n');
    expect(r.stderr).toContain('status=141'); // 128 + SIGPIPE, as `yes | head` ends
  });

  it('a grandchild that keeps the pipe open does not keep the wrapper from ending with the child', async () => {
    const cwd = tree();
    const started = startCli(['--mask', '--', 'sh', '-c', `sleep 30 & echo "bye ${FROM_FILE}"; exit 4`], { cwd });
    const end = await started.exited;
    expect(end).toEqual({ code: 4, signal: null });
    await waitFor(() => started.stdout().includes('bye'), 'the output');
    expect(started.stdout()).toBe('bye *****\n');
  });

  it('is an option of a run only', async () => {
    const r = await runCli(['plan', '--mask'], { cwd: tree() });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/--mask is an option of a run/);
  });
});
