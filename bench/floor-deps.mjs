// Builds bench/floor-deps.cjs the way the build makes dist/cli.cjs (one minified CommonJS bundle,
// then a code cache from a training launch) into a temporary copy of the bin's layout, so it loads
// through the very same bin/secrets-run.js loader. Returns the bin to run and a cleanup.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, CLEAN_ENV } from './lib.mjs';

export const buildFloorDeps = async (cwd) => {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-run-floor-deps-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    for (const sub of ['bin', 'dist', 'scripts']) mkdirSync(join(dir, sub));
    await build({
      entryPoints: [`${ROOT}bench/floor-deps.cjs`],
      outfile: join(dir, 'dist', 'cli.cjs'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      nodePaths: [`${ROOT}node_modules`],
    });
    copyFileSync(`${ROOT}bin/secrets-run.js`, join(dir, 'bin', 'secrets-run.js'));
    copyFileSync(`${ROOT}scripts/code-cache.cjs`, join(dir, 'scripts', 'code-cache.cjs'));
    // The training launch, as the build's: `true` on the plain path, in the bench's folder.
    execFileSync(process.execPath, [join(dir, 'scripts', 'code-cache.cjs'), 'cli.cjs', '--', '--', 'true'], { cwd, env: CLEAN_ENV, stdio: 'ignore' });
  } catch (error) {
    cleanup();
    throw error;
  }
  return { bin: join(dir, 'bin', 'secrets-run.js'), cleanup };
};
