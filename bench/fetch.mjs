// Fetch: 40 contracts, 12 transports, a service slug (24 folders), the emulator adding 50 ms to every
// response. Budget: median wall <= passthrough + 2 x 50 ms + 40 ms; 1 login + 1 list request per root folder.
// Warm row: the same run with a warm token cache (no login): <= passthrough + 1 x 50 ms + 30 ms.
// Scan-only row: `plan --offline` on the same contracts, no network at all: the floor a warm run
// cannot go under, since its one list request goes out as the scan starts and is answered during it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt, machine, median, paired, requireBuild, table } from './lib.mjs';
import { SERVICE, startFixtureEmulator, writeFetchFixture } from './fetch-fixture.mjs';

requireBuild();
const runs = Number(process.env.BENCH_RUNS ?? 20);
const latency = Number(process.env.BENCH_LATENCY_MS ?? 50);
const cwd = mkdtempSync(join(tmpdir(), 'secrets-run-fetch-'));
const keys = writeFetchFixture(cwd);
writeFileSync(join(cwd, '.env'), 'APP_NAME=bench\nAPP_ENV=production\nDB_HOST=db.internal\nDB_PORT=5432\nAPI_TOKEN=not-a-real-token\n');

const emulator = await startFixtureEmulator(cwd, latency);

// The round trips as a run makes them, measured rather than assumed: a login, and both roots listed
// at once, over open keep-alive connections from this (warm) process. Each is the nominal latency
// plus the emulator's own work on its replies (a few ms), which no client can save.
const measureRoundTrips = async (
  { INFISICAL_ADDR: url, INFISICAL_CLIENT_ID: clientId, INFISICAL_CLIENT_SECRET: clientSecret, INFISICAL_PROJECT_ID: projectId },
  samples = 15,
) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  let token;
  const call = (method, path, body) =>
    new Promise((resolve, reject) => {
      const headers = body === undefined ? { authorization: `Bearer ${token}` } : { 'content-type': 'application/json' };
      const req = request(`${url}${path}`, { method, agent, headers }, (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (c) => (text += c))
          .on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end(body);
    });
  const login = async () => {
    token = JSON.parse(await call('POST', '/api/v1/auth/universal-auth/login', JSON.stringify({ clientId, clientSecret }))).accessToken;
  };
  const query = `projectId=${projectId}&environment=prod&viewSecretValue=true&expandSecretReferences=true&recursive=true&includeImports=true&include_imports=true&includePersonalOverrides=false`;
  const list = (folder) => call('GET', `/api/v4/secrets?${query}&secretPath=${encodeURIComponent(folder)}`);
  const lists = () => Promise.all([list(`/services/${SERVICE}`), list('/shared')]);
  const timed = async (work) => {
    const times = [];
    for (let i = 0; i < samples + 2; i++) {
      const started = process.hrtime.bigint();
      await work();
      if (i >= 2) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return median(times);
  };
  const trips = { login: await timed(login), lists: await timed(lists) };
  agent.destroy();
  return trips;
};

const url = emulator.url;
const control = async (path, method = 'GET') => (await fetch(`${url}/__emulator/${path}`, { method })).json();

let secure;
try {
  // The same server over https (a throwaway certificate, trusted through NODE_EXTRA_CA_CERTS, which
  // slows every Node start a little: its baseline is a passthrough with the same variable).
  secure = await startFixtureEmulator(cwd, latency, { tls: true });
  const bin = `${ROOT}bin/secrets-run.js`;
  const infisical = emulator.env;
  const fetchRun = { cmd: bin, args: ['--service', SERVICE, '--require', '--quiet', '--', 'true'], cwd, env: infisical };
  const passthrough = { cmd: bin, args: ['--', 'true'], cwd };
  // The token cache on, in a directory of the bench's own, warmed by one run before it is timed.
  const warmRun = { ...fetchRun, env: { ...infisical, SECRETS_RUN_NO_TOKEN_CACHE: '', SECRETS_RUN_CACHE_DIR: join(cwd, 'token-cache') } };
  const scanOnly = { cmd: bin, args: ['plan', '--offline', '--service', SERVICE, '--format', 'json'], cwd };
  const naive = { cmd: process.execPath, args: [`${ROOT}bench/naive-prefetch.mjs`, url, JSON.stringify(keys)], cwd };
  const node = { cmd: process.execPath, args: ['-e', '0'], cwd };
  const httpsRun = { ...fetchRun, env: secure.env };
  const httpsPassthrough = { ...passthrough, env: { NODE_EXTRA_CA_CERTS: secure.env.NODE_EXTRA_CA_CERTS } };

  // One run alone, to count its requests (the passthrough run makes none).
  await control('stats/reset', 'POST');
  paired(fetchRun, passthrough, { runs: 1, warmup: 0 });
  const stats = await control('stats');
  const perRun = { total: stats.total, logins: stats.logins, lists: stats.listV4 + stats.listV3 };
  paired(warmRun, passthrough, { runs: 1, warmup: 0 }); // fills the cache
  await control('stats/reset', 'POST');
  paired(warmRun, passthrough, { runs: 1, warmup: 0 });
  const warmLogins = (await control('stats')).logins;

  console.log(`fetch, ${runs} paired runs each, emulator latency ${latency} ms, ${machine()}\n`);
  const f = paired(fetchRun, passthrough, { runs });
  const w = paired(warmRun, passthrough, { runs });
  const o = paired(scanOnly, passthrough, { runs });
  const n = paired(naive, passthrough, { runs: Math.max(3, Math.round(runs / 4)) });
  const p = paired(passthrough, node, { runs });
  const s = paired(httpsRun, httpsPassthrough, { runs });
  const budget = f.baseline + 2 * latency + 40;
  const warmBudget = w.baseline + latency + 30;
  const trips = await measureRoundTrips(emulator.env);
  console.log(
    table(
      ['run', 'median ms', 'baseline', 'baseline ms', 'over baseline ms', '× baseline'],
      [
        ['secrets-run, 24 folders', fmt(f.median), 'passthrough', fmt(f.baseline), `+${fmt(f.overhead)}`, fmt(f.ratio, 2)],
        ['secrets-run, 24 folders, warm token cache', fmt(w.median), 'passthrough', fmt(w.baseline), `+${fmt(w.overhead)}`, fmt(w.ratio, 2)],
        ['scan only: plan --offline, no network', fmt(o.median), 'passthrough', fmt(o.baseline), `+${fmt(o.overhead)}`, fmt(o.ratio, 2)],
        ['naive: one request per key, sequential', fmt(n.median), 'passthrough', fmt(n.baseline), `+${fmt(n.overhead)}`, fmt(n.ratio, 2)],
        ['passthrough (no INFISICAL_ADDR)', fmt(p.median), 'node -e 0', fmt(p.baseline), `+${fmt(p.overhead)}`, fmt(p.ratio, 2)],
        ['secrets-run, 24 folders, over https', fmt(s.median), 'passthrough*', fmt(s.baseline), `+${fmt(s.overhead)}`, fmt(s.ratio, 2)],
      ],
    ),
  );
  console.log(
    `\nbudget: passthrough + 2 x ${latency} + 40 = ${fmt(budget)} ms; secrets-run median ${fmt(f.median)} ms: ${f.median <= budget ? 'within' : 'OVER'} budget`,
  );
  console.log(
    `warm budget: passthrough + 1 x ${latency} + 30 = ${fmt(warmBudget)} ms; warm median ${fmt(w.median)} ms: ${w.median <= warmBudget ? 'within' : 'OVER'} budget; logins per warm run: ${warmLogins}`,
  );
  console.log(
    `round trips measured (warm connections, this process): a login ${fmt(trips.login)} ms, both roots' lists ${fmt(trips.lists)} ms, against the nominal ${latency}; ` +
      `counting them, a cold run is ${fmt(f.overhead - trips.login - trips.lists)} ms over passthrough + its 2 round trips (allowance 40), a warm one ${fmt(w.overhead - trips.lists)} ms over passthrough + its 1 (allowance 30)`,
  );
  console.log('* with NODE_EXTRA_CA_CERTS set, as the https run has it (outside the budget, which is for http)');
  console.log(
    `requests per run: ${perRun.total} (${perRun.logins} login + ${perRun.lists} list requests for 24 folders, ${keys.length} keys); naive: ${1 + keys.length}`,
  );
} finally {
  emulator.stop();
  secure?.stop();
  rmSync(cwd, { recursive: true, force: true });
}
