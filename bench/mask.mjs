// --mask throughput: `cat` of a 200 MB text file (log-like lines, an injected value every 1,000
// lines) through secrets-run with --mask, against the same run without it, in the same process; the
// output read from a pipe and dropped, as a CI runner reads a log. Goal: masked ≥ 0.5 × unmasked.
// A third row, --mask with nothing long enough to mask, is the floor the masker itself cannot pass:
// the output's extra hop through secrets-run (read from the child's socket, written to ours). Last,
// the search's worst case: a log of near-misses of a value, which must come out unchanged.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, CLEAN_ENV, fmt, machine, median, requireBuild, table } from './lib.mjs';

requireBuild();
const MB = Number(process.env.BENCH_MASK_MB ?? 200);
const runs = Number(process.env.BENCH_MASK_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'secrets-run-mask-bench-'));
const VALUES = { DB_PASSWORD: 'bench-db-password-0123', API_TOKEN: 'tok_live_9f8e7d6c5b4a', SIGNING_KEY: 'ed25519:AAAAC3NzaC1lZDI1NTE5' };
writeFileSync(
  join(dir, 'values.env'),
  Object.entries(VALUES)
    .map(([k, v]) => `${k}=${v}\n`)
    .join(''),
);
writeFileSync(join(dir, 'short.env'), 'DB_PASSWORD=short\n');

const file = join(dir, 'big.log');
await new Promise((resolve, reject) => {
  const out = createWriteStream(file);
  const line = (i) =>
    i % 1000 === 0
      ? `2026-12-04T12:00:00.000Z INFO request ${i} connecting with password=${VALUES.DB_PASSWORD}\n`
      : `2026-12-04T12:00:00.000Z INFO request ${i} GET /api/v1/items?page=${i % 97} 200 ${i % 500}ms\n`;
  let written = 0;
  let i = 0;
  const more = () => {
    while (written < MB * 1e6) {
      const block = Array.from({ length: 1000 }, () => line(i++)).join('');
      written += block.length;
      if (!out.write(block)) return void out.once('drain', more);
    }
    out.end(resolve);
  };
  out.on('error', reject);
  more();
});

// Wall ms from spawn until the output has ended; the bytes read, and whether any value got through.
const once = (args, envFile = 'values.env', target = file) =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(`${ROOT}bin/secrets-run.js`, ['--env-file', envFile, ...args, '--', 'cat', target], { cwd: dir, env: CLEAN_ENV });
    let bytes = 0;
    let leaked = false;
    let tail = Buffer.alloc(0);
    // Looked for natively, across chunk boundaries (the last bytes of each chunk kept): the reader
    // must cost little, as it shares the machine with what it measures.
    const value = Buffer.from(VALUES.DB_PASSWORD);
    child.stdout.on('data', (chunk) => {
      bytes += chunk.length;
      if (chunk.includes(value) || Buffer.concat([tail, chunk.subarray(0, value.length)]).includes(value)) leaked = true;
      tail = chunk.subarray(Math.max(0, chunk.length - value.length));
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, bytes, leaked }) : reject(new Error(`exit ${code}`)),
    );
  });

try {
  console.log(`mask: cat of a ${MB} MB log through secrets-run, with and without --mask, ${runs} runs each; ${machine()}\n`);
  const masked = [];
  const plain = [];
  const hop = [];
  for (let i = 0; i < runs; i++) {
    plain.push(await once([]));
    masked.push(await once(['--mask']));
    hop.push(await once(['--mask'], 'short.env'));
  }
  const row = (name, results) => {
    const ms = median(results.map((r) => r.ms));
    return [name, fmt(ms, 0), fmt(MB / (ms / 1000), 0), results.some((r) => r.leaked) ? 'yes' : 'no'];
  };
  console.log(
    table(
      ['run', 'median ms', 'MB/s', 'value seen'],
      [row('secrets-run -- cat', plain), row('secrets-run --mask -- cat', masked), row('--mask, nothing to mask (the hop alone)', hop)],
    ),
  );
  const ratio = median(plain.map((r) => r.ms)) / median(masked.map((r) => r.ms));
  const floor = median(plain.map((r) => r.ms)) / median(hop.map((r) => r.ms));
  console.log(`\nthroughput ratio (masked / unmasked): ${fmt(ratio, 2)} (goal >= 0.50); the hop alone: ${fmt(floor, 2)}`);
  if (masked.some((r) => r.leaked) || ratio < 0.5) process.exitCode = 1;

  // The search's worst case: output that keeps almost matching a value (the value but its last
  // character, its first half, the value but its first character), which the masker has to follow
  // to the end of each near-miss before letting it through. Nothing in it is a value, so the masked
  // output must be exactly as long as the file.
  const nearMB = Math.max(1, Math.round(MB / 4));
  const v = VALUES.DB_PASSWORD;
  const nearFile = join(dir, 'near-miss.log');
  writeFileSync(nearFile, Buffer.alloc(nearMB * 1e6, `${v.slice(0, -1)}X ${v.slice(0, v.length / 2)} ${v.slice(1)}\n`));
  const nearPlain = [];
  const nearMasked = [];
  for (let i = 0; i < runs; i++) {
    nearPlain.push(await once([], 'values.env', nearFile));
    nearMasked.push(await once(['--mask'], 'values.env', nearFile));
  }
  const nearRatio = median(nearPlain.map((r) => r.ms)) / median(nearMasked.map((r) => r.ms));
  const unchanged = nearMasked.every((r) => r.bytes === nearMB * 1e6);
  console.log(
    `near-misses of a value, ${nearMB} MB: masked ${fmt(median(nearMasked.map((r) => r.ms)), 0)} ms against ${fmt(median(nearPlain.map((r) => r.ms)), 0)} ms, ratio ${fmt(nearRatio, 2)}; output unchanged: ${unchanged ? 'yes' : 'NO'}`,
  );
  if (!unchanged) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
