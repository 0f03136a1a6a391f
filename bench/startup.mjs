// Passthrough start-up: no INFISICAL_ADDR, a .env with 5 variables, no contracts, child `true`.
// Every launcher is paired with `node -e 0` in the same run; the budget is +5 ms and 45 MiB.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt, launcherMemory, machine, paired, requireBuild, table } from './lib.mjs';
import { buildFloorDeps } from './floor-deps.mjs';

requireBuild();
const runs = Number(process.env.BENCH_RUNS ?? 20);
const cwd = mkdtempSync(join(tmpdir(), 'secrets-run-bench-'));
writeFileSync(join(cwd, '.env'), 'APP_NAME=bench\nAPP_ENV=production\nDB_HOST=db.internal\nDB_PORT=5432\nAPI_TOKEN=not-a-real-token\n');
const node = process.execPath;
const nm = `${ROOT}node_modules`;
const baseline = { cmd: node, args: ['-e', '0'], cwd };
// The temporary folders go whatever happens: a launcher that fails midway throws out of here.
let floorDeps;
try {
  floorDeps = await buildFloorDeps(cwd);

  const launchers = [
    ['secrets-run (installed bin)', `${ROOT}bin/secrets-run.js`, ['--', 'true']],
    ['secrets-run (node bin, without sh)', node, [`${ROOT}bin/secrets-run.js`, '--', 'true']],
    ['floor: Node built-ins only (bench/floor.cjs)', node, [`${ROOT}bench/floor.cjs`, '--', 'true']],
    ['floor: the required dependencies only (bench/floor-deps.cjs)', node, [floorDeps.bin, '--', 'true']],
    ['dotenv 18 own CLI', node, [`${nm}/dotenv/dist/cli.cjs`, 'run', '-q', '--', 'true']],
    ['dotenv-cli 11', node, [`${nm}/dotenv-cli/cli.js`, '--', 'true']],
    ['cross-env 10', node, [`${nm}/cross-env/dist/bin/cross-env.js`, 'FOO=1', 'true']],
    ['env-cmd 11', node, [`${nm}/env-cmd/bin/env-cmd.js`, '-f', '.env', 'true']],
    ['@dotenvx/dotenvx 2 run', node, [`${nm}/@dotenvx/dotenvx/src/cli/dotenvx.js`, 'run', '--', 'true']],
  ];

  console.log(`passthrough start-up, ${runs} paired runs each, ${machine()}\n`);
  const rows = [];
  for (const [name, cmd, args] of launchers) {
    const r = paired({ cmd, args, cwd }, baseline, { runs });
    const memArgs = args.map((a) => (a === 'true' ? 'sleep' : a));
    if (memArgs.at(-1) === 'sleep') memArgs.push('1');
    const mem = await launcherMemory({ cmd, args: memArgs, cwd });
    rows.push([name, fmt(r.median), fmt(r.baseline), `+${fmt(r.overhead)}`, fmt(r.ratio, 2), fmt(mem.rssMiB), fmt(mem.hwmMiB)]);
    console.error(`  measured ${name}`);
  }
  console.log(table(['launcher', 'median ms', 'node -e 0 ms', 'overhead ms', '× node (paired)', 'RSS MiB (child sleeping)', 'peak MiB'], rows));
  // Each row above has its own node -e 0 pairs, minutes apart; what secrets-run's own code costs is
  // measured by pairing it with the required-dependencies floor directly.
  const own = paired({ cmd: node, args: launchers[1][2], cwd }, { cmd: node, args: launchers[3][2], cwd }, { runs });
  const [, ours, floor, deps] = rows;
  console.log(`\nbudget: +5 ms over node -e 0 and 45 MiB; secrets-run (node bin) ${ours[3]} ms, ${ours[5]} MiB`);
  console.log(
    `floors on this machine in this run: Node built-ins only ${floor[3]} ms; dotenv + cross-spawn + signal-exit with the same loader and code cache ${deps[3]} ms`,
  );
  console.log(`secrets-run's own code, paired with that second floor: ${own.overhead >= 0 ? '+' : ''}${fmt(own.overhead)} ms (× ${fmt(own.ratio, 2)})`);
} finally {
  floorDeps?.cleanup();
  rmSync(cwd, { recursive: true, force: true });
}
