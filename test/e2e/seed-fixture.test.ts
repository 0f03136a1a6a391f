// Issue 16 acceptance: `seed --dry-run --format json` on the 116-contract fixture against a
// half-seeded server names the right action for every planned key and makes only read requests; and
// the same seed works against the older server generation (no v4 routes, its duplicate answers).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server.js';
import { registerSecret } from '../helpers/canary-registry.js';
import { buildSeed, childEnv, printEnv, runWith, type Folders } from '../helpers/emulator-env.js';
import { BIN, cleanEnv, ROOT } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

const CONTRACTS = `${ROOT}fixtures/contracts/onex`;

interface PlanKey {
  key: string;
  transport: string;
  folders: string[];
}

// The plan's keys, each with its shared folder, as `plan --offline` says.
const planned = (): PlanKey[] =>
  (
    JSON.parse(
      execFileSync(process.execPath, [BIN, 'plan', '--offline', '--contracts', CONTRACTS, '--format', 'json'], { env: cleanEnv(), encoding: 'utf8' }),
    ) as { keys: PlanKey[] }
  ).keys;

const running: Emulator[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()!.close();
});

describe('seed on the 116-contract fixture', () => {
  it('dry run against a half-seeded server: the right action for every key, read requests only', async () => {
    const keys = planned();
    expect(keys.length).toBeGreaterThan(50);
    const folderOf = (k: PlanKey): string => k.folders.find((f) => f.startsWith('/shared/'))!;
    const folders = [...new Set(keys.map(folderOf))].sort();
    const seeded = new Set(folders.filter((_, i) => i % 2 === 0)); // every other folder exists, holding all its keys
    const fileValue = (i: number): string => `file-value-${i}-${'x'.repeat(4)}`;
    const stored: Folders = {};
    const expected = new Map<string, string>();
    keys.forEach((k, i) => {
      const inFile = i % 2 === 0;
      const folder = folderOf(k);
      if (!seeded.has(folder)) return void expected.set(k.key, inFile ? 'create' : 'skip-no-value');
      const kind = i % 3; // 0 the file's value, 1 another value, 2 empty
      const value = kind === 0 ? fileValue(i) : kind === 1 ? `stored-${i}` : '';
      (stored[folder.slice(0, -1)] ??= {})[k.key] = value;
      if (value !== '') registerSecret(value);
      if (kind === 2) expected.set(k.key, inFile ? 'fill' : 'skip-no-value');
      else if (!inFile) expected.set(k.key, 'skip-exists');
      else expected.set(k.key, kind === 0 ? 'unchanged' : 'skip-exists');
    });
    const emulator = await startEmulator({ seed: buildSeed({ prod: stored }), port: 0 });
    running.push(emulator);
    const cwd = makeTree({});
    writeFileSync(join(cwd, 'values.env'), keys.flatMap((k, i) => (i % 2 === 0 ? [`${k.key}=${fileValue(i)}\n`] : [])).join(''));
    keys.forEach((_, i) => i % 2 === 0 && registerSecret(fileValue(i)));

    const result = await runWith(
      emulator,
      ['seed', '--contracts', CONTRACTS, '--import-env', 'values.env', '--set-values', '--dry-run', '--format', 'json'],
      {},
      { cwd },
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { actions: { action: string; key: string | null; folder: string }[] };
    const actual = new Map(json.actions.filter((a) => a.key !== null).map((a) => [a.key!, a.action]));
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    // A folder is created exactly where a key will be created in it.
    const creating = new Set(json.actions.filter((a) => a.action === 'create').map((a) => a.folder));
    expect(new Set(json.actions.filter((a) => a.action === 'create-folder').map((a) => a.folder))).toEqual(creating);
    const requests = emulator.stats().requests;
    expect(requests.filter((line) => !line.startsWith('GET ') && !/ login\./.test(line))).toEqual([]);
    // One folder listing per parent, one secrets listing per existing folder with keys.
    expect(requests.filter((line) => line.startsWith('GET secrets.list'))).toHaveLength(seeded.size);
  });

  it('against the older server (v3 routes only, a duplicate folder answered 200): writes, and a run gets the values', async () => {
    const emulator = await startEmulator({
      seed: buildSeed({ prod: {} }),
      port: 0,
      faults: { legacy: { noV4: true, existingFolder200: true, secretAlreadyExist: true, missingFolderEmpty200: true } },
    });
    running.push(emulator);
    const keys = planned().slice(0, 12);
    const cwd = makeTree({});
    const values = Object.fromEntries(keys.map((k, i) => [k.key, `older-server-value-${i}`]));
    for (const value of Object.values(values)) registerSecret(value);
    writeFileSync(
      join(cwd, 'values.env'),
      Object.entries(values)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    const args = ['seed', '--contracts', CONTRACTS, '--import-env', 'values.env', '--set-values', '--format', 'json'];
    const written = await runWith(emulator, [...args, '--execute'], {}, { cwd });
    expect(written.code).toBe(0);
    expect(emulator.stats().requests.some((line) => /secrets\.create-batch 200/.test(line))).toBe(true);
    const run = await runWith(emulator, ['--contracts', CONTRACTS, ...printEnv(...Object.keys(values))], {}, { cwd });
    expect(childEnv(run)).toEqual(values);
    emulator.resetStats();
    const again = await runWith(emulator, [...args, '--execute'], {}, { cwd });
    expect(again.code).toBe(0);
    expect(emulator.stats().requests.filter((line) => /^(POST|PATCH) (folders|secrets)\./.test(line))).toEqual([]);
  });
});
