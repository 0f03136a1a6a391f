// What `npm publish` would ship: the bin and the bundles, never the Infisical emulator (a test and
// demo tool, built to emulator/dist/ from emulator/; docs/emulator.md).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

// --ignore-scripts: packing runs the "prepack" script, a full build with declarations, which a test
// need not repeat (the global setup built dist/) nor race with the tests running beside it.
const packedFiles = (): string[] => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const [pack] = JSON.parse(r.stdout) as [{ files: { path: string }[] }];
  return pack.files.map((file) => file.path);
};

// Code of the emulator, that is: its documentation ships with the other docs.
const emulatorFiles = (paths: readonly string[]): string[] => paths.filter((path) => /emulator/i.test(path) && !path.startsWith('docs/'));

describe('the published package', () => {
  it('holds the bin and the launcher bundle, and no file of the emulator', () => {
    const files = packedFiles();
    expect(files).toContain('bin/secrets-run.js');
    expect(files).toContain('dist/cli.cjs');
    expect(files).toContain('package.json');
    expect(emulatorFiles(files)).toEqual([]);
  });

  it('the check finds an emulator file where one would be packed (the control)', () => {
    expect(emulatorFiles(['bin/secrets-run.js', 'dist/emulator.cjs', 'dist/types/emulator/server.d.ts'])).toEqual([
      'dist/emulator.cjs',
      'dist/types/emulator/server.d.ts',
    ]);
  });
});
