// Scan: 10,000 generated contract files through `plan --offline`; budget 1.0 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt, machine, paired, requireBuild, table } from './lib.mjs';
import { generateContracts } from '../scripts/generate-contracts.mjs';

requireBuild();
const runs = Number(process.env.BENCH_SCAN_RUNS ?? 7);
const count = Number(process.env.BENCH_SCAN_COUNT ?? 10_000);
const cwd = mkdtempSync(join(tmpdir(), 'secrets-run-scan-'));
try {
  await generateContracts(cwd, count, 7);
  const bin = `${ROOT}bin/secrets-run.js`;
  const node = { cmd: process.execPath, args: ['-e', '0'], cwd };
  console.log(`scan, ${count} contracts, ${runs} paired runs each, ${machine()}\n`);
  const rows = [];
  for (const format of ['json', 'table']) {
    const r = paired({ cmd: 'sh', args: ['-c', `"${bin}" plan --offline --format ${format} > /dev/null`], cwd }, node, { runs, warmup: 1 });
    rows.push([`plan --offline --format ${format}`, fmt(r.median), fmt(r.min), fmt(r.max), fmt(r.baseline), fmt(r.peakMiB)]);
  }
  console.log(table(['command', 'median ms', 'min', 'max', 'node -e 0 ms', 'peak MiB'], rows));
  console.log(`\nbudget 1000 ms: ${rows.every((r) => Number(r[1]) <= 1000) ? 'within' : 'OVER'}`);
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
