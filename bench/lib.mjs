// Shared by the bench scripts: paired runs against a baseline in the same process, medians, ratios.
// Only Node and GNU time; every command runs in a clean environment (env -i PATH HOME), because
// variables such as NODE_EXTRA_CA_CERTS slow every Node start and hide the difference.
import { spawnSync, spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';

export const ROOT = new URL('..', import.meta.url).pathname;
// No token cache unless a bench asks for one (SECRETS_RUN_NO_TOKEN_CACHE: '' turns it back on): a cold
// run logs in, as the budgets assume, and no bench writes to the developer's ~/.cache.
export const CLEAN_ENV = { PATH: process.env.PATH, HOME: process.env.HOME, SECRETS_RUN_NO_TOKEN_CACHE: '1' };

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// One run: wall ms from spawn to reap, and the peak RSS of the largest process GNU time saw (KiB).
export const timeOnce = ({ cmd, args = [], cwd, env = {} }) => {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, env: { ...CLEAN_ENV, ...env }, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const lines = r.stderr.trim().split('\n');
  return { wall, rssKiB: Number(lines[lines.length - 1]) };
};

// A B A B ...: the ratio of each pair is taken, so the machine's drift cancels out.
export const paired = (subject, baseline, { runs = 20, warmup = 2 } = {}) => {
  for (let i = 0; i < warmup; i++) {
    timeOnce(subject);
    timeOnce(baseline);
  }
  const a = [];
  const b = [];
  const ratios = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const x = timeOnce(subject);
    const y = timeOnce(baseline);
    a.push(x.wall);
    b.push(y.wall);
    ratios.push(x.wall / y.wall);
    rss = Math.max(rss, x.rssKiB);
  }
  return {
    median: median(a),
    baseline: median(b),
    overhead: median(a) - median(b),
    ratio: median(ratios),
    min: Math.min(...a),
    max: Math.max(...a),
    peakMiB: rss / 1024,
  };
};

// The launcher's own memory while its child sleeps: VmRSS and VmHWM of the launcher process.
export const launcherMemory = async ({ cmd, args, cwd, env = {} }, waitMs = 700) => {
  const child = spawn(cmd, args, { cwd, env: { ...CLEAN_ENV, ...env }, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, waitMs));
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const field = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN) / 1024;
  const result = { rssMiB: field('VmRSS'), hwmMiB: field('VmHWM'), anonMiB: field('RssAnon') };
  await new Promise((r) => child.on('exit', r));
  return result;
};

export const machine = () => {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, Node ${process.version}`;
};

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export const table = (header, rows) => {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => String(r[c]).length)));
  const line = (r) => `| ${r.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};

export const requireBuild = () => {
  if (!existsSync(`${ROOT}dist/cli.cjs`)) throw new Error('run npm run build first');
};
