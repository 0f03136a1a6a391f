// Problem lines: one contract with N bad handler_type entries through `plan --offline`, for N and 2N.
// Finding each problem's line used to re-parse the file per problem (8,000 problems, 200 KB: 83 s);
// with one pass per file the time grows with the file, so 2N takes about twice N, not four times.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt, machine, median, requireBuild, table, timeOnce } from './lib.mjs';

requireBuild();
const runs = Number(process.env.BENCH_LINES_RUNS ?? 5);
const base = Number(process.env.BENCH_LINES_COUNT ?? 8_000);
const bin = `${ROOT}bin/secrets-run.js`;

const contractWith = (count) => {
  const handlers = Array.from({ length: count }, (_, i) => `    - handler_type: pigeon_${i}\n`).join('');
  return `metadata:\n  name: many-problems\nhandler_routing:\n  handlers:\n${handlers}`;
};

console.log(`problem lines, one contract with N unknown handler_types, ${runs} runs each, ${machine()}\n`);
const rows = [];
const medians = [];
for (const count of [base, 2 * base]) {
  const cwd = mkdtempSync(join(tmpdir(), 'secrets-run-lines-'));
  try {
    const text = contractWith(count);
    writeFileSync(join(cwd, 'contract.yaml'), text);
    const walls = [];
    for (let i = 0; i < runs; i++) walls.push(timeOnce({ cmd: 'sh', args: ['-c', `"${bin}" plan --offline --format json > /dev/null`], cwd }).wall);
    medians.push(median(walls));
    rows.push([String(count), `${Math.round(text.length / 1024)} KB`, fmt(median(walls)), fmt(Math.min(...walls)), fmt(Math.max(...walls))]);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
console.log(table(['problems', 'contract', 'median ms', 'min', 'max'], rows));
console.log(`\n2N / N: ${(medians[1] / medians[0]).toFixed(2)} (linear: about 2, or less with Node's start in both)`);
