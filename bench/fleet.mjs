// Fleet: a rollout of 25 containers behind one address within a minute. The 116-contract fixture
// with a service (fixtures/contracts/onex, --service omnibase-runtime) against the emulator with
// Infisical's default limits per client address (60 secret reads and 60 logins a minute), answered
// as newer servers do (429) and as the older one does (500 + retry-after, with the rest of --legacy).
// Budget: a launch makes 1 login + at most 2 list requests, and every launch starts with every value
// right. The baseline, in the same process: one list request per folder (--list-each-folder).
import { spawn } from 'node:child_process';
import { ROOT, CLEAN_ENV, fmt, machine, requireBuild, table } from './lib.mjs';
import { startFixtureEmulator } from './fetch-fixture.mjs';

requireBuild();
const LAUNCHES = Number(process.env.BENCH_FLEET_LAUNCHES ?? 25);
const WAVE = 5; // launches started together; the next wave starts when one ends
const SEED = `${ROOT}fixtures/emulator/demo-seed.json`;
const CONTRACTS = ['--contracts', 'fixtures/contracts/onex', '--service', 'omnibase-runtime'];
const CREDENTIALS = { INFISICAL_CLIENT_ID: 'demo-client-id', INFISICAL_CLIENT_SECRET: 'demo-client-secret', INFISICAL_PROJECT_ID: 'demo-project' };
// The child prints a digest of its whole environment but the server's address (each rollout has its
// own server): a launch started right when it matches a launch against a server without limits.
const DIGEST =
  "const e={...process.env};delete e.INFISICAL_ADDR;process.stdout.write(require('crypto').createHash('sha256').update(JSON.stringify(Object.entries(e).sort())).digest('hex'))";

const launch = (url, extra) =>
  new Promise((resolve) => {
    const child = spawn(`${ROOT}bin/secrets-run.js`, [...CONTRACTS, ...extra, '--', process.execPath, '-e', DIGEST], {
      cwd: ROOT,
      env: { ...CLEAN_ENV, ...CREDENTIALS, INFISICAL_ADDR: url },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, digest: stdout.trim(), stderr }));
  });

const stats = async (url) => (await fetch(`${url}/__emulator/stats`)).json();
// List requests. The older server has no v4 route: each launch's first lists are answered "no such
// route" (Fastify's 404, outside every rate limit) and go to v3; those probes are counted apart.
const listsIn = (s, legacy) => (legacy ? s.listV3 : s.listV4 + s.listV3);

// One rollout against a fresh emulator (its limits start unspent): the launches in waves, all
// within the minute the limits count.
const rollout = async ({ legacy, limits, extra, expected }) => {
  const emulator = await startFixtureEmulator(ROOT, 0, { seed: SEED, legacy, limits });
  try {
    const started = Date.now();
    const results = [];
    let next = 0;
    const worker = async () => {
      while (next < LAUNCHES) {
        next++;
        results.push(await launch(emulator.url, extra));
      }
    };
    await Promise.all(Array.from({ length: WAVE }, worker));
    const s = await stats(emulator.url);
    const refused = (s.statuses['429'] ?? 0) + (s.statuses['500'] ?? 0);
    const right = expected === undefined ? results.length : results.filter((r) => r.code === 0 && r.digest === expected).length;
    return { results, right, seconds: (Date.now() - started) / 1000, logins: s.logins, lists: listsIn(s, legacy), refused };
  } finally {
    emulator.stop();
  }
};

// What every launch must see: one launch against a server without limits.
const reference = async (legacy) => {
  const emulator = await startFixtureEmulator(ROOT, 0, { seed: SEED, legacy });
  try {
    const r = await launch(emulator.url, ['--require']);
    if (r.code !== 0) throw new Error(`the reference launch failed: ${r.stderr}`);
    const s = await stats(emulator.url);
    return { digest: r.digest, logins: s.logins, lists: listsIn(s, legacy), probes: legacy ? s.listV4 : 0 };
  } finally {
    emulator.stop();
  }
};

console.log(`fleet: ${LAUNCHES} launches within a minute from one address, ${WAVE} at a time, emulator limits 60 reads + 60 logins a minute; ${machine()}\n`);
const newer = await reference(false);
const older = await reference(true);
const rows = [];
let failed = false;
for (const [server, legacy, ref] of [
  ['newer (429)', false, newer],
  ['older (500 + retry-after)', true, older],
]) {
  const fleet = await rollout({ legacy, limits: true, extra: [], expected: ref.digest });
  const baseline = await rollout({ legacy, limits: true, extra: ['--list-each-folder'], expected: ref.digest });
  failed ||= fleet.right !== LAUNCHES;
  for (const [listing, r] of [
    ['one per root (default)', fleet],
    ['one per folder (baseline)', baseline],
  ]) {
    rows.push([server, listing, `${r.right}/${LAUNCHES}`, fmt(r.logins / LAUNCHES, 1), fmt(r.lists / LAUNCHES, 1), String(r.refused), fmt(r.seconds, 1)]);
  }
}
console.log(table(['server', 'list requests', 'started right', 'logins / launch', 'lists / launch', 'refused answers', 'rollout s'], rows));
const budgetMet = newer.logins === 1 && newer.lists <= 2 && older.logins === 1 && older.lists <= 2;
failed ||= !budgetMet;
console.log(
  `\nrequest budget, one launch of the 116-contract fixture with a service: newer server ${newer.logins} login + ${newer.lists} lists, ` +
    `older server ${older.logins} login + ${older.lists} lists and ${older.probes} v4 probes answered "no such route" (budget: 1 + at most 2): ${budgetMet ? 'within' : 'OVER'}`,
);
console.log(`every launch started with every value right: ${failed ? 'NO' : 'yes'}`);
if (failed) process.exitCode = 1;
