// A contract file the process may not read: chmod 000 stops only a non-root reader, so as root the
// real bin runs under an unprivileged uid (setpriv), as a container's app user would.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from '../helpers/run-cli.js';

const root = process.getuid?.() === 0;
// The unprivileged uid must be able to reach the bin (a checkout under a private mktemp dir is not).
const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const nobodyCanRun = root && spawnSync(asNobody[0]!, [...asNobody.slice(1), BIN, '--version'], { env: cleanEnv() }).status === 0;
if (root && !nobodyCanRun) console.log('skipping the unreadable-file test: setpriv is missing or uid 65534 cannot reach the checkout');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('an unreadable contract file', () => {
  it.skipIf(root && !nobodyCanRun)('is a contract problem naming the file, never a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-run-unreadable-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a/contract.yaml'), 'metadata: {transport_type: db}\n');
    writeFileSync(join(dir, 'ok.yaml'), '');
    chmodSync(join(dir, 'a/contract.yaml'), 0o000);
    chmodSync(join(dir, 'a'), 0o755);
    chmodSync(dir, 0o755);
    const command = root ? [...asNobody, BIN] : [BIN];
    const plan = spawnSync(command[0]!, [...command.slice(1), 'plan', '--format', 'json', '--offline'], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
    expect(plan.status).toBe(0);
    expect(JSON.parse(plan.stdout).problems).toEqual([{ kind: 'contract', file: 'a/contract.yaml', message: 'not readable (permission denied)' }]);
    const strict = spawnSync(command[0]!, [...command.slice(1), '--require', '--', 'true'], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
    expect(strict.status).toBe(125);
    expect(strict.stderr).toContain('a/contract.yaml: not readable (permission denied)');
  });
});

describe('a working directory the user cannot search', () => {
  // A root-owned WORKDIR of mode 700 with a non-root USER, or sudo -u from /root: lstat of
  // .secrets-run.yaml fails with EACCES there, which must mean "no config file", not a crash.
  it.skipIf(!root || !nobodyCanRun)('runs the command, with no config file and no .env to read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-run-unsearchable-'));
    dirs.push(dir);
    chmodSync(dir, 0o700);
    const r = spawnSync(asNobody[0]!, [...asNobody.slice(1), BIN, '--', 'echo', 'ran'], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'ran\n', '']);
  });

  it.skipIf(!root || !nobodyCanRun)('while a .env file it may not read, in one it can search, is an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-run-unreadable-env-'));
    dirs.push(dir);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, '.env'), 'A=1\n');
    chmodSync(join(dir, '.env'), 0o000);
    const r = spawnSync(asNobody[0]!, [...asNobody.slice(1), BIN, '--', 'echo', 'ran'], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
    expect([r.status, r.stdout]).toEqual([125, '']);
    expect(r.stderr).toContain('secrets-run: error: env file .env: permission denied');
  });
});
