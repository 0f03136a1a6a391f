import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// End-to-end tests run the real bin, which runs dist/: build it first so a test never runs stale code.
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-types'], { cwd: root, stdio: 'inherit' });
}
