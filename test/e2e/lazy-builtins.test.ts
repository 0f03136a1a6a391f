// node:crypto costs a fetch 4 to 10 ms before its first request (docs/decisions.md, Speed): only a
// run that opens a cache loads it. Which built-ins the launcher loaded comes from Node itself
// (process.moduleLoadList), read by a preload that speaks only for the launcher's own process.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../helpers/tree.js';
import { buildSeed, childEnv, contract, printEnv, runWith, useEmulator } from '../helpers/emulator-env.js';

const emu = useEmulator(buildSeed({ prod: { '/shared/db': { POSTGRES_HOST: 'db.lazy' } } }));

const PRELOAD = `process.on('exit', () => {
  if (!String(process.argv[1]).endsWith('secrets-run.js')) return;
  require('node:fs').writeSync(2, 'loaded crypto: ' + process.moduleLoadList.includes('NativeModule crypto') + '\\n');
});
`;

const run = async (env: Record<string, string>): Promise<{ crypto: string; host: string | null }> => {
  const cwd = makeTree({ 'contract.yaml': contract({ transport: 'db' }) });
  writeFileSync(join(cwd, 'preload.cjs'), PRELOAD);
  const r = await runWith(
    emu(),
    printEnv('POSTGRES_HOST'),
    { NODE_OPTIONS: `--require ${join(cwd, 'preload.cjs')}`, SECRETS_RUN_CACHE_DIR: join(cwd, 'cache'), ...env },
    { cwd },
  );
  expect(r.code).toBe(0);
  return { crypto: /loaded crypto: (\w+)/.exec(r.stderr)?.[1] ?? 'not said', host: childEnv(r).POSTGRES_HOST ?? null };
};

describe('node:crypto, loaded only for a cache', () => {
  it('a fetch without a token cache never loads it', async () => {
    expect(await run({ SECRETS_RUN_NO_TOKEN_CACHE: '1' })).toEqual({ crypto: 'false', host: 'db.lazy' });
  });

  it('a fetch with the token cache does (the control)', async () => {
    expect(await run({ SECRETS_RUN_NO_TOKEN_CACHE: '' })).toEqual({ crypto: 'true', host: 'db.lazy' });
  });
});
