// `node --require secrets-run/register app.js` (or `--import`): the environment a run would give
// app.js, put into its own process.env before any of its code runs. A preload cannot wait for a
// promise, so the work is done by the bin, synchronously: `secrets-run export --reveal --format json`
// prints what a run would add; its warnings and errors go to this process's stderr. Options of a run
// come from SECRETS_RUN_* variables and .secrets-run.yaml, as for the bin.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const bin = join(__dirname, '..', 'bin', 'secrets-run.js');
const out = execFileSync(process.execPath, [bin, 'export', '--reveal', '--format', 'json'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const added = JSON.parse(out) as Record<string, string>;
for (const [name, value] of Object.entries(added)) if (process.env[name] === undefined || process.env[name] === '') process.env[name] = value;
