// --watch while idle: the requests a watching launcher makes per minute for the 116-contract fixture
// (fixtures/contracts/onex, --service omnibase-runtime), measured over polls at the minimum interval
// (5 s) and scaled to the default (60 s) and the minimum, against Infisical's default limits per
// address (60 secret reads, 60 logins a minute). Baseline in the same process: the same watch with
// one request per folder (--list-each-folder), as Infisical's own `run --watch` lists. An unchanged
// listing is asked with its ETag and answered 304 with no body: still a read the limits count.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, CLEAN_ENV, fmt, machine, requireBuild, table } from './lib.mjs';
import { startFixtureEmulator } from './fetch-fixture.mjs';

requireBuild();
const POLLS = Number(process.env.BENCH_WATCH_POLLS ?? 3);
const SEED = `${ROOT}fixtures/emulator/demo-seed.json`;
const CREDENTIALS = { INFISICAL_CLIENT_ID: 'demo-client-id', INFISICAL_CLIENT_SECRET: 'demo-client-secret', INFISICAL_PROJECT_ID: 'demo-project' };
const stats = async (url) => (await fetch(`${url}/__emulator/stats`)).json();
// The token cache on (the default), in a directory of the bench's own.
const cacheDir = mkdtempSync(join(tmpdir(), 'secrets-run-watch-bench-'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Requests after the launch's own, over POLLS polls 5 s apart (±10%): per poll, reads and logins.
const measure = async (extra) => {
  const emulator = await startFixtureEmulator(ROOT, 0, { seed: SEED });
  const args = ['--watch', '--watch-interval', '5', '--contracts', 'fixtures/contracts/onex', '--service', 'omnibase-runtime', ...extra, '--', 'sleep', '600'];
  const child = spawn(`${ROOT}bin/secrets-run.js`, args, {
    cwd: ROOT,
    env: {
      ...CLEAN_ENV,
      ...CREDENTIALS,
      INFISICAL_ADDR: emulator.url,
      SECRETS_RUN_NO_TOKEN_CACHE: '',
      SECRETS_RUN_CACHE_DIR: join(cacheDir, extra.join('') || 'ours'),
    },
    stdio: 'ignore',
  });
  try {
    await sleep(2000); // the launch
    const before = await stats(emulator.url);
    await sleep(POLLS * 5000 + 500);
    const after = await stats(emulator.url);
    const lists = (s) => s.listV4 + s.listV3;
    const unchanged = (s) => s.statuses['304'] ?? 0;
    return {
      reads: (lists(after) - lists(before)) / POLLS,
      logins: (after.logins - before.logins) / POLLS,
      total: (after.total - before.total) / POLLS,
      notModified: (unchanged(after) - unchanged(before)) / POLLS,
    };
  } finally {
    child.kill('SIGTERM');
    emulator.stop();
  }
};

console.log(`watch: idle requests of --watch on the 116-contract fixture, ${POLLS} polls at 5 s; ${machine()}\n`);
const ours = await measure([]);
const each = await measure(['--list-each-folder']);
const row = (name, r) => [
  name,
  fmt(r.total, 1),
  fmt(r.reads, 1),
  fmt(r.logins, 1),
  fmt(r.notModified, 1),
  fmt(r.reads, 0),
  fmt(r.reads * 12, 0),
  r.reads * 12 <= 60 && r.logins * 12 <= 60 ? 'yes' : 'no',
];
console.log(
  table(
    ['watch', 'requests/poll', 'reads/poll', 'logins/poll', 'answered 304/poll', 'reads/min at 60 s', 'reads/min at 5 s', 'within 60/min at 5 s'],
    [row('secrets-run --watch', ours), row('--list-each-folder (one per folder)', each)],
  ),
);
rmSync(cacheDir, { recursive: true, force: true });
const ok = ours.reads <= 60 && ours.logins <= 1;
console.log(ok ? '\nbudget met: the default interval stays within the default limits' : '\nBUDGET MISSED');
if (!ok) process.exitCode = 1;
