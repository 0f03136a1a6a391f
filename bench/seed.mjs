// Seed: the 116-contract fixture's keys (fixtures/contracts/onex, one value each from an env file)
// into an empty project, the emulator adding 50 ms to every response. secrets-run seed --execute
// against the upstream approach in the same process (bench/naive-seed.mjs: one existence check and
// one create per key, in sequence). Each run gets a fresh emulator, since a seed changes what it holds.
// Budget: every key written, and the requests within one minute of Infisical's default limits
// (60 secret reads, 200 writes per address).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, CLEAN_ENV, fmt, machine, median, requireBuild, table } from './lib.mjs';
import { startFixtureEmulator } from './fetch-fixture.mjs';

requireBuild();
const runs = Number(process.env.BENCH_SEED_RUNS ?? 5);
const latency = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONTRACTS = `${ROOT}fixtures/contracts/onex`;
const dir = mkdtempSync(join(tmpdir(), 'secrets-run-seed-bench-'));
writeFileSync(
  join(dir, 'seed.json'),
  JSON.stringify({
    identities: [{ clientId: 'bench-id', clientSecret: 'bench-secret', projects: ['bench-project'] }],
    projects: { 'bench-project': { environments: { prod: { folders: {} } } } },
  }),
);
const plan = JSON.parse(
  execFileSync(`${ROOT}bin/secrets-run.js`, ['plan', '--offline', '--contracts', CONTRACTS, '--format', 'json'], { env: CLEAN_ENV, encoding: 'utf8' }),
);
const keys = plan.keys.map((k, i) => [k.key, k.folders.find((f) => f.startsWith('/shared/')).slice(0, -1), `bench-value-${i}`]);
writeFileSync(join(dir, 'values.env'), keys.map(([key, , value]) => `${key}=${value}\n`).join(''));

const stats = async (url) => (await fetch(`${url}/__emulator/stats`)).json();
const READ = /^GET (secrets|folders)\./;
const WRITE = /^(POST|PATCH) (folders\.create|secrets\.)/;

// One run against a fresh, empty project: wall ms from spawn to exit, and the server's request log.
const once = async (command) => {
  const emulator = await startFixtureEmulator(dir, latency);
  try {
    const { cmd, args, env } = command(emulator);
    const started = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: dir, env: { ...CLEAN_ENV, ...env }, encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-400)}`);
    const s = await stats(emulator.url);
    const stored = s.writes.secrets;
    return { wall, total: s.total, reads: s.requests.filter((l) => READ.test(l)).length, writes: s.requests.filter((l) => WRITE.test(l)).length, stored };
  } finally {
    emulator.stop();
  }
};

const ours = (emulator) => ({
  cmd: `${ROOT}bin/secrets-run.js`,
  args: ['seed', '--contracts', CONTRACTS, '--import-env', 'values.env', '--set-values', '--execute', '--quiet'],
  env: emulator.env,
});
const upstream = (emulator) => ({ cmd: process.execPath, args: [`${ROOT}bench/naive-seed.mjs`, emulator.url, JSON.stringify(keys)], env: {} });

try {
  console.log(`seed: ${keys.length} keys of the 116-contract fixture into an empty project, ${latency} ms per request, ${runs} runs each; ${machine()}\n`);
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(await once(ours));
    b.push(await once(upstream));
  }
  const row = (name, results) => {
    const last = results[results.length - 1];
    const within = last.reads <= 60 && last.writes <= 200 ? 'yes' : 'no';
    return [
      name,
      fmt(median(results.map((r) => r.wall)), 0),
      String(last.total),
      String(last.reads),
      String(last.writes),
      `${last.stored}/${keys.length}`,
      within,
    ];
  };
  console.log(
    table(
      ['approach', 'median ms', 'requests', 'reads', 'writes', 'keys stored', 'within limits'],
      [row('secrets-run seed --execute', a), row('upstream (serial, per key)', b)],
    ),
  );
  const ratio = median(a.map((r) => r.wall)) / median(b.map((r) => r.wall));
  console.log(`\nratio (secrets-run / upstream): ${fmt(ratio, 2)}`);
  const ok = a.every((r) => r.stored === keys.length) && a[0].reads <= 60 && a[0].writes <= 200;
  console.log(ok ? 'budget met: every key stored, within the default limits' : 'BUDGET MISSED');
  if (!ok) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
