// node:crypto costs a fetch 4 to 10 ms before its first request (docs/decisions.md, Speed): reading a
// cache does without it, and only writing one loads it (for random bytes, after the requests have
// gone out). Which built-ins the launcher loaded comes from Node itself (process.moduleLoadList), read
// by a preload that speaks only for the launcher's own process.
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

const project = (): string => {
  const cwd = makeTree({ 'contract.yaml': contract({ transport: 'db' }) });
  writeFileSync(join(cwd, 'preload.cjs'), PRELOAD);
  return cwd;
};

const run = async (cwd: string, env: Record<string, string>): Promise<{ crypto: string; host: string | null; logins: number }> => {
  const before = emu().stats().logins;
  const r = await runWith(
    emu(),
    printEnv('POSTGRES_HOST'),
    { NODE_OPTIONS: `--require ${join(cwd, 'preload.cjs')}`, SECRETS_RUN_CACHE_DIR: join(cwd, 'cache'), ...env },
    { cwd },
  );
  expect(r.code).toBe(0);
  const logins = emu().stats().logins - before;
  return { crypto: /loaded crypto: (\w+)/.exec(r.stderr)?.[1] ?? 'not said', host: childEnv(r).POSTGRES_HOST ?? null, logins };
};

describe('node:crypto, loaded only to write a cache', () => {
  it('a fetch without a token cache never loads it', async () => {
    expect(await run(project(), { SECRETS_RUN_NO_TOKEN_CACHE: '1' })).toEqual({ crypto: 'false', host: 'db.lazy', logins: 1 });
  });

  it('a launch that writes the token loads it (the control); the next, reading that token, does not', async () => {
    const cwd = project();
    expect(await run(cwd, { SECRETS_RUN_NO_TOKEN_CACHE: '' })).toEqual({ crypto: 'true', host: 'db.lazy', logins: 1 });
    expect(await run(cwd, { SECRETS_RUN_NO_TOKEN_CACHE: '' })).toEqual({ crypto: 'false', host: 'db.lazy', logins: 0 });
  });
});
