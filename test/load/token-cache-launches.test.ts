// Issue 15, the token cache under load: many launches at once sharing one cache directory. Cold, each
// may log in (none has a token yet) but every one ends correct and the file left is whole; warm, none
// logs in. A partial file read by a launch would show as a failed decrypt, hence a login.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { BIN, cleanEnv } from '../helpers/run-cli.js';
import { buildSeed, bootstrapEnv, contract, useEmulator } from '../helpers/emulator-env.js';

const LAUNCHES = Number(process.env.LOAD_CACHE_LAUNCHES ?? 30);

const emu = useEmulator(buildSeed({ prod: { '/shared/env': { LOAD_TOKEN: 'cached-load-value' } } }));

const launch = (cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string }> =>
  new Promise((resolve) => {
    const child = spawn(BIN, ['--timeout', '20', '--', 'sh', '-c', 'printf %s "$LOAD_TOKEN"'], {
      cwd,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('close', (code) => resolve({ code, stdout }));
  });

describe('token cache under load', () => {
  it(`${LAUNCHES} concurrent launches sharing one cache directory, cold then warm`, async () => {
    const emulator = emu();
    const cwd = makeTree({ 'contract.yaml': contract({ env: ['LOAD_TOKEN'] }) });
    const env = { ...bootstrapEnv(emulator), SECRETS_RUN_CACHE_DIR: join(cwd, 'cache') };
    const all = () => Promise.all(Array.from({ length: LAUNCHES }, () => launch(cwd, env)));

    const cold = await all();
    expect(cold.filter((o) => o.code === 0 && o.stdout === 'cached-load-value')).toHaveLength(LAUNCHES);
    expect(emulator.stats().logins).toBeLessThanOrEqual(LAUNCHES);
    // One whole file, no temporary one left behind.
    expect(readdirSync(join(cwd, 'cache'))).toHaveLength(1);

    emulator.resetStats();
    const warm = await all();
    expect(warm.filter((o) => o.code === 0 && o.stdout === 'cached-load-value')).toHaveLength(LAUNCHES);
    expect(emulator.stats().logins).toBe(0);
    console.log(`token cache load: ${LAUNCHES} launches cold then warm; warm logins ${emulator.stats().logins}`);
  }, 180_000);
});
