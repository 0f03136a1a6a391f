// Entry point of emulator/dist/emulator.cjs (`npm run emulator`). The bundle lives in emulator/dist/,
// so the repository root — where the default seed is — is two levels up from __dirname.
import { resolve } from 'node:path';
import { runEmulatorCli, UsageError, USAGE } from './cli.js';

async function main(): Promise<void> {
  const emulator = await runEmulatorCli(process.argv.slice(2), {
    cwd: process.cwd(),
    rootDir: resolve(__dirname, '..', '..'),
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (!emulator) return;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  const usage = err instanceof UsageError;
  process.stderr.write(`infisical emulator: ${(err as Error).message}\n${usage ? `${USAGE}\n` : ''}`);
  process.exit(usage ? 2 : 1);
});
