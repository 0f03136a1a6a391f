// The README's demo: the Infisical emulator with fixture secrets, and secrets-run on the ONEX-style
// fixture contracts, with a child that lists the variables it received (names only).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (text) => process.stdout.write(`\n\x1b[1m${text}\x1b[0m\n`);

const emulator = spawn(
  process.execPath,
  [`${root}emulator/dist/emulator.cjs`, '--port', '0', '--print-url', '--seed', `${root}fixtures/emulator/demo-seed.json`],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise((resolve, reject) => {
  let out = '';
  emulator.stdout.setEncoding('utf8').on('data', (chunk) => {
    out += chunk;
    if (out.includes('\n')) resolve(out.trim());
  });
  emulator.on('exit', () => reject(new Error('the emulator did not start')));
});

const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  INFISICAL_ADDR: url,
  INFISICAL_CLIENT_ID: 'demo-client-id',
  INFISICAL_CLIENT_SECRET: 'demo-client-secret',
  INFISICAL_PROJECT_ID: 'demo-project',
  LOG_LEVEL: 'warn', // already set: the inherited environment wins over Infisical
};
const bin = `${root}bin/secrets-run.js`;
const contracts = ['--contracts', 'fixtures/contracts/onex', '--service', 'omnibase-runtime'];
try {
  say(`$ secrets-run --verbose ${contracts.join(' ')} -- node fixtures/children/show-keys.js`);
  say('  (Infisical emulator at ' + url + '; 116 contracts; service folders win over shared ones)');
  spawnSync(bin, ['--verbose', ...contracts, '--', 'node', 'fixtures/children/show-keys.js'], { cwd: root, env, stdio: 'inherit' });
  say(`$ secrets-run plan --format json ${contracts.join(' ')} | (first key)`);
  const plan = spawnSync(bin, ['plan', '--format', 'json', ...contracts], { cwd: root, env, encoding: 'utf8' });
  const json = JSON.parse(plan.stdout);
  const first = json.keys[0];
  const key = { ...first, sources: [...first.sources.slice(0, 2), `... and ${first.sources.length - 2} more`] };
  process.stdout.write(
    JSON.stringify({ ...json, contracts: [`${json.contracts.length} files`], keys: [key, `... and ${json.keys.length - 1} more keys`] }, null, 2) + '\n',
  );
} finally {
  emulator.kill('SIGTERM');
}
