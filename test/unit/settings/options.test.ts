import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagLabel, renderHelp } from '../../../src/chunks/help.js';
import { parseArgs } from '../../../src/cli/parse-args.js';
import { isSecretsRunError } from '../../../src/errors.js';
import { readConfigFile } from '../../../src/settings/config-file.js';
import { readEnvSettings } from '../../../src/settings/env-settings.js';
import { OPTION_LIST, OPTIONS } from '../../../src/settings/options.js';
import { earlyOutputLevel, flagsLayer, resolveSettings } from '../../../src/settings/settings.js';
import { makeTree } from '../../helpers/tree.js';

// The loops over the option table (src/settings/options.ts): whatever a row declares, every source
// reads, and --help and the README show.

const ROOT = join(import.meta.dirname, '../../..');
const rows = OPTION_LIST.map(([key, row]) => ({ key, ...row }));

// A valid value of each kind, as a flag word, a variable and a config-file value, and the layer value.
const SAMPLES: Record<string, { word: string; text: string; yaml: string; layer: (root: string) => unknown }> = {
  pathsKind: { word: 'a', text: 'a,b', yaml: '[a]', layer: (root) => [join(root, 'a')] },
  namesKind: { word: 'A', text: 'A,B', yaml: '[A]', layer: () => ['A'] },
  switchKind: { word: '', text: 'yes', yaml: 'true', layer: () => true },
  slug: { word: 'x', text: 'x', yaml: 'x', layer: () => 'x' },
  secondsKind: { word: '2', text: '2', yaml: '2', layer: () => 2 },
  offlineCacheKind: { word: '3h', text: '3h', yaml: '3h', layer: () => 10800 },
  transportsKind: { word: 'db=A', text: 'db=A;kafka=B', yaml: '{db: [A]}', layer: () => ({ db: ['A'] }) },
  aliasesKind: { word: 'ts=db', text: 'ts=db,pg=db', yaml: '{ts: db}', layer: () => ({ ts: 'db' }) },
  maskKind: { word: 'github', text: 'github', yaml: 'github', layer: () => 'github' },
  signalKind: { word: 'int', text: 'SIGINT', yaml: 'SIGINT', layer: () => 'SIGINT' },
};
const kindOf = (row: (typeof rows)[number]): string => {
  const found = Object.entries({
    pathsKind: row.kind === OPTIONS.contracts.kind,
    namesKind: row.kind === OPTIONS.allowKeys.kind,
    switchKind: row.kind === OPTIONS.require.kind,
    secondsKind: row.kind === OPTIONS.timeout.kind,
    offlineCacheKind: row.kind === OPTIONS.offlineCache.kind,
    transportsKind: row.kind === OPTIONS.transports.kind,
    aliasesKind: row.kind === OPTIONS.aliases.kind,
    maskKind: row.kind === OPTIONS.mask.kind,
    signalKind: row.kind === OPTIONS.stopSignal.kind,
  }).find(([, same]) => same);
  return found?.[0] ?? 'slug';
};

const settingRows = rows.filter((r) => r.role === 'setting');

describe('the option table', () => {
  it('names every flag, short form, variable and config key once', () => {
    for (const field of ['flag', 'short', 'env', 'config'] as const) {
      const names = rows.map((r) => r[field]).filter((n) => n !== undefined);
      expect(new Set(names).size, field).toBe(names.length);
    }
    for (const row of rows) if (row.env !== undefined) expect(row.env).toMatch(/^SECRETS_RUN_[A-Z_]+$/);
  });

  it.each(settingRows.map((r) => [r.flag, r] as const))('--%s is read from the command line, its variable and the config file', (_flag, row) => {
    const sample = SAMPLES[kindOf(row)]!;
    const word = sample.word === '' ? `--${row.flag}` : `--${row.flag}=${sample.word}`;
    const { flags } = parseArgs([word, '--', 'x']);
    expect(flagsLayer(flags)[row.key as keyof ReturnType<typeof flagsLayer>], 'flag').toEqual(sample.layer(''));
    if (row.env !== undefined) expect(readEnvSettings({ [row.env]: sample.text })[row.key as 'service'], 'variable').toBeDefined();
    if (row.config !== undefined) {
      const root = makeTree({ 'c.yaml': `${row.config}: ${sample.yaml}\n` });
      expect(readConfigFile('c.yaml', root)[row.key as 'service'], 'config key').toEqual(sample.layer(root));
    }
  });

  it('the config file knows exactly the config keys of the table', () => {
    const root = makeTree({ 'c.yaml': 'nope: 1\n' });
    try {
      readConfigFile('c.yaml', root);
      throw new Error('expected a failure');
    } catch (error) {
      expect(isSecretsRunError(error) && error.message).toBe(
        `config file c.yaml: unknown setting 'nope' (known: ${rows.flatMap((r) => (r.config ? [r.config] : [])).join(', ')})`,
      );
    }
  });

  it('a negation turns its setting off from the flag and from the variable', () => {
    for (const row of rows.filter((r) => r.role === 'negation')) {
      expect(flagsLayer(parseArgs([`--${row.flag}`, 'x']).flags)[row.negates as 'envFiles']).toBe(false);
      expect(readEnvSettings({ [row.env!]: 'true' })[row.negates as 'envFiles']).toBe(false);
    }
  });

  it('every setting row with a settle has a default, and only those are Settings', () => {
    const names = rows.filter((r) => r.settle).map((r) => r.as ?? r.key);
    expect(Object.keys(resolveSettings([])).sort()).toEqual(names.sort());
  });

  it("the output level before the settings are read follows the settings' own rule", () => {
    const words = [undefined, 'true', 'false', 'maybe'];
    for (const quiet of words)
      for (const verbose of words)
        for (const flag of [[], ['-q'], ['-v'], ['--no-quiet', '-v']]) {
          const env = { SECRETS_RUN_QUIET: quiet, SECRETS_RUN_VERBOSE: verbose };
          const { flags } = parseArgs([...flag, 'x']);
          const early = earlyOutputLevel(flags, env);
          let settled: { quiet: boolean; verbose: boolean };
          try {
            settled = resolveSettings([flagsLayer(flags), readEnvSettings(env)]);
          } catch {
            continue; // a bad variable: reported by readSettings, at the early level
          }
          expect(early, JSON.stringify({ env, flag })).toEqual({ quiet: settled.quiet, verbose: settled.verbose });
        }
    // As before: a bad value counts as unset, so the error about it is not silenced.
    expect(earlyOutputLevel({}, { SECRETS_RUN_QUIET: 'maybe' })).toEqual({ quiet: false, verbose: false });
    expect(earlyOutputLevel({}, { SECRETS_RUN_QUIET: ' YES ' })).toEqual({ quiet: true, verbose: false });
  });
});

describe('--help, rendered from the table', () => {
  it('lists every option with its short form, placeholder and variable, in its group', async () => {
    const help = await renderHelp('1.0.0', 100);
    for (const row of rows) {
      const line = help.split('\n').find((l) => l.includes(`${flagLabel(row)} `) || l.endsWith(`--${row.flag}`));
      expect(line, row.flag).toBeDefined();
      if (row.short) expect(line).toContain(`-${row.short}, --${row.flag}`);
      if (row.env) expect(help.replace(/\s+/g, ' ')).toContain(`${row.help} [env ${row.env}]`);
      else expect(help.replace(/\s+/g, ' ')).toContain(row.help);
    }
    for (const title of ['Usage:', 'Sources:', 'Infisical:', 'Behaviour:', 'Output:', 'plan options:', 'Examples:', 'Exit status:'])
      expect(help).toContain(title);
  });

  it('fits the terminal width, between 80 and 120 columns', async () => {
    for (const width of [40, 100, 200]) {
      const longest = Math.max(...(await renderHelp('1.0.0', width)).split('\n').map((l) => l.length));
      expect(longest).toBeLessThanOrEqual(Math.min(Math.max(width, 80), 120));
    }
  });
});

describe('the option table of docs/configuration.md', () => {
  const readme = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Options'), readme.indexOf('\n## ', readme.indexOf('## Options') + 1));
  const tableRows = section.split('\n').filter((l) => l.startsWith('| `'));
  const cells = tableRows.map((l) => l.split(/(?<!\\)\|/).map((c) => c.trim()));

  it('lists exactly the flags and SECRETS_RUN_* variables of the table', () => {
    const flags = cells.flatMap((c) => [...c[1]!.matchAll(/`-{1,2}([a-zA-Z][a-z-]*)/g)].map((m) => m[1]!));
    const expected = rows.flatMap((r) => [r.flag, ...(r.short ? [r.short] : [])]);
    expect(flags.sort()).toEqual(expected.sort());
    const variables = cells.flatMap((c) => [...c[2]!.matchAll(/SECRETS_RUN_[A-Z_]+/g)].map((m) => m[0]));
    expect(variables.sort()).toEqual(rows.flatMap((r) => (r.env ? [r.env] : [])).sort());
  });

  it('gives each option its config key', () => {
    for (const c of cells) {
      const flag = /`--([a-z-]+)/.exec(c[1]!)![1]!;
      const row = rows.find((r) => r.flag === flag)!;
      const key = /^`([A-Za-z]+)`$/.exec(c[3]!)?.[1];
      expect(key, flag).toBe(row.config);
    }
  });
});
