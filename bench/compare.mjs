// Before and after, in one run: `npm run bench:compare -- REF` builds git REF (a commit, a tag) in a
// scratch worktree, then pairs its bin with this checkout's on the three benchmarks: passthrough,
// the fetch (one emulator serves both; and the same over https) and the 10,000-contract scan. On a machine whose speed
// drifts, this is the figure that shows what a change did. The ratio is new/old, pair by pair.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt, machine, paired, requireBuild, table } from './lib.mjs';
import { SERVICE, startFixtureEmulator, writeFetchFixture } from './fetch-fixture.mjs';
import { generateContracts } from '../scripts/generate-contracts.mjs';

const ref = process.argv[2];
if (!ref) {
  console.error('usage: npm run bench:compare -- REF   (a commit or tag to measure this checkout against)');
  process.exit(2);
}
requireBuild();
const runs = Number(process.env.BENCH_RUNS ?? 20);
const scanRuns = Number(process.env.BENCH_SCAN_RUNS ?? 7);
const scratch = mkdtempSync(join(tmpdir(), 'secrets-run-compare-'));
const old = join(scratch, 'old');
execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', old, ref], { stdio: 'ignore' });
let emulator;
let secure;
try {
  // The old build uses this checkout's dependencies; its own lock file may differ only by what it lacked.
  symlinkSync(join(ROOT, 'node_modules'), join(old, 'node_modules'));
  execFileSync(process.execPath, [join(old, 'scripts/build.mjs'), '--no-types'], { cwd: old, stdio: 'ignore' });
  const bins = { old: join(old, 'bin/secrets-run.js'), new: join(ROOT, 'bin/secrets-run.js') };
  const label = execFileSync('git', ['-C', ROOT, 'log', '-1', '--format=%h %s', ref], { encoding: 'utf8' }).trim();
  console.log(`this checkout against ${label}\n${runs} paired runs (scan: ${scanRuns}), ${machine()}\n`);
  const rows = [];
  const row = (name, r) => rows.push([name, fmt(r.baseline), fmt(r.median), fmt(r.median - r.baseline), fmt(r.ratio, 2)]);

  const plain = join(scratch, 'plain');
  execFileSync('mkdir', ['-p', plain]);
  writeFileSync(join(plain, '.env'), 'APP_NAME=bench\nAPP_ENV=production\nDB_HOST=db.internal\nDB_PORT=5432\nAPI_TOKEN=not-a-real-token\n');
  const run = (bin, args, cwd, env = {}) => ({ cmd: process.execPath, args: [bin, ...args], cwd, env });
  row('passthrough (-- true)', paired(run(bins.new, ['--', 'true'], plain), run(bins.old, ['--', 'true'], plain), { runs }));

  const fetchDir = join(scratch, 'fetch');
  execFileSync('mkdir', ['-p', fetchDir]);
  writeFetchFixture(fetchDir);
  emulator = await startFixtureEmulator(fetchDir, 50);
  const infisical = emulator.env;
  const fetchArgs = ['--service', SERVICE, '--require', '--quiet', '--', 'true'];
  row('fetch, 24 folders, 50 ms latency', paired(run(bins.new, fetchArgs, fetchDir, infisical), run(bins.old, fetchArgs, fetchDir, infisical), { runs }));
  // Over https each connection costs a TLS handshake too: what opening them early is for.
  secure = await startFixtureEmulator(fetchDir, 50, { tls: true });
  row('the same over https', paired(run(bins.new, fetchArgs, fetchDir, secure.env), run(bins.old, fetchArgs, fetchDir, secure.env), { runs }));

  const scanDir = join(scratch, 'scan');
  await generateContracts(scanDir, 10_000, 7);
  const scan = (bin) => ({ cmd: 'sh', args: ['-c', `"${process.execPath}" "${bin}" plan --offline --format json > /dev/null`], cwd: scanDir });
  row('scan, 10,000 contracts (plan --offline)', paired(scan(bins.new), scan(bins.old), { runs: scanRuns, warmup: 1 }));

  console.log(table(['benchmark', `${ref} ms`, 'this checkout ms', 'difference ms', 'new / old (paired)'], rows));
} finally {
  emulator?.stop();
  secure?.stop();
  execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', old], { stdio: 'ignore' });
  rmSync(scratch, { recursive: true, force: true });
}
