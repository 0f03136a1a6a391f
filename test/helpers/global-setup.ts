import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// End-to-end tests run the real bin, which runs dist/: build it first so a test never runs stale code.
// Once per test run: the e2e and load projects both name this setup, and a second build while the
// other project's tests run would rewrite dist/ under them.
export default function setup(): void {
  if (process.env['SECRETS_RUN_TEST_BUILT'] === '1') return;
  process.env['SECRETS_RUN_TEST_BUILT'] = '1';
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-types'], { cwd: root, stdio: 'inherit' });
}
