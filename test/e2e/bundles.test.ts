// What the build puts in dist/ (scripts/build.mjs): the plain path's bundle carries none of the
// heavy libraries, which live in the chunks of src/chunks/manifest.json, and every one of those
// chunks has a code cache made from its very bytes that V8 accepts under the flags the bin gives it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';
import manifest from '../../src/chunks/manifest.json';

const DIST = join(ROOT, 'dist');
const bin = createRequire(import.meta.url)(join(ROOT, 'bin/secrets-run.js')) as {
  cachedDataFor: (file: string, bytes: Buffer) => Buffer | undefined;
  launchV8Flags: (v8Version?: string) => string[];
};
const chunks = manifest as Record<string, { train: string; liftoff?: boolean }>;

// Strings of each library's own source that minifying keeps (messages, error codes, class names).
const MARKERS: Record<string, string[]> = {
  undici: ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT'],
  'js-yaml': ['YAMLException', 'end of the stream or a document separator is expected'],
  yargs: ['Not enough non-option arguments', 'Did you mean %s?'],
};
const librariesIn = (text: string): string[] =>
  Object.entries(MARKERS)
    .filter(([, markers]) => markers.some((marker) => text.includes(marker)))
    .map(([library]) => library);
const bundle = (file: string): string => readFileSync(join(DIST, file), 'utf8');

describe('the plain path bundle', () => {
  it('dist/cli.cjs holds no undici, js-yaml or yargs code', () => {
    expect(librariesIn(bundle('cli.cjs'))).toEqual([]);
  });

  it('the check finds each library in a minified bundle of it (the control)', async () => {
    // A library no longer installed (yargs, once help needs it no more) cannot be in a bundle.
    const installed = Object.keys(MARKERS).filter((library) => existsSync(join(ROOT, 'node_modules', library, 'package.json')));
    expect(installed).toEqual(expect.arrayContaining(['undici', 'js-yaml']));
    for (const library of installed) {
      const out = await build({
        stdin: { contents: `module.exports = require(${JSON.stringify(library)});`, resolveDir: ROOT },
        bundle: true,
        minify: true,
        platform: 'node',
        format: 'cjs',
        write: false,
        logLevel: 'silent',
      });
      expect(librariesIn(out.outputFiles[0]!.text)).toEqual([library]);
    }
  });

  it('the chunks that carry undici and js-yaml are where the check finds them', () => {
    expect(librariesIn(bundle('proxy-transport.cjs'))).toContain('undici');
    // The fetch chunk names undici's error codes (classify.ts) but holds none of its code.
    expect(bundle('fetch-stage.cjs')).not.toContain('UND_ERR_INVALID_ARG');
    expect(bundle('proxy-transport.cjs')).toContain('UND_ERR_INVALID_ARG');
    expect(librariesIn(bundle('contracts-stage.cjs'))).toContain('js-yaml');
  });
});

describe('the chunk manifest', () => {
  const trained = Object.keys(chunks).filter((name) => chunks[name]!.train !== 'none');
  const untrained = Object.keys(chunks).filter((name) => chunks[name]!.train === 'none');
  it('lists every file of src/chunks/ but the loader, and the build made each one a bundle', () => {
    const files = readdirSync(join(ROOT, 'src/chunks')).filter((f) => f.endsWith('.ts') && f !== 'load-chunk.ts');
    expect(Object.keys(chunks).sort()).toEqual(files.map((f) => f.slice(0, -3)).sort());
    for (const name of Object.keys(chunks)) expect(bundle(`${name}.cjs`)).not.toBe('');
  });

  it('every trained chunk, and dist/cli.cjs, has a code cache made from its very bytes; an untrained one (the admin commands, --watch) none', () => {
    for (const file of ['cli.cjs', ...trained.map((name) => `${name}.cjs`)]) {
      const path = join(DIST, file);
      expect(bin.cachedDataFor(path, readFileSync(path)), file).toBeInstanceOf(Buffer);
    }
    for (const name of untrained) expect(existsSync(join(DIST, `${name}.cjs.cache`)), name).toBe(false);
    expect(untrained.sort()).toEqual(['completion', 'mask-stage', 'provision-command', 'seed-command', 'watch-stage']);
  });

  it('a cache is not taken for another bundle (the control)', () => {
    const path = join(DIST, 'cli.cjs');
    const [other] = Object.keys(chunks);
    expect(bin.cachedDataFor(path, readFileSync(join(DIST, `${other}.cjs`)))).toBeUndefined();
  });

  it('V8 takes every cache, with the launch flags (Liftoff, the tier-up budget) on before the chunks that the manifest says need it', () => {
    const order = ['cli.cjs', ...trained.filter((n) => !chunks[n]!.liftoff).map((n) => `${n}.cjs`)];
    const liftoff = trained.filter((n) => chunks[n]!.liftoff).map((n) => `${n}.cjs`);
    // Compiled only, never run, in a Node of its own (the flag stays on for the process's life).
    const script = `
      const { readFileSync } = require('node:fs');
      const { join } = require('node:path');
      const { compile, cachedDataFor, LAUNCH_V8_FLAGS } = require(${JSON.stringify(join(ROOT, 'bin/secrets-run.js'))});
      const [dist, order, liftoff] = JSON.parse(process.argv[1]);
      const verdicts = {};
      const check = (file) => {
        const path = join(dist, file);
        const bytes = readFileSync(path);
        const cachedData = cachedDataFor(path, bytes);
        const script = compile(path, bytes.toString('utf8'), cachedData);
        verdicts[file] = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
      };
      order.forEach(check);
      for (const flag of LAUNCH_V8_FLAGS) require('node:v8').setFlagsFromString(flag);
      liftoff.forEach(check);
      console.log(JSON.stringify(verdicts));`;
    const r = spawnSync(process.execPath, ['-e', script, JSON.stringify([DIST, order, liftoff])], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(Object.fromEntries([...order, ...liftoff].map((file) => [file, 'used'])));
  });
});

describe("the launch's V8 flags", () => {
  it('the tier-up budget only on V8 11 (Node 20), where the flag exists and was measured', () => {
    expect(bin.launchV8Flags('11.3.244.8-node.38')).toEqual(['--liftoff-only', '--interrupt-budget=300000']);
    // Node 22 and 24: no --interrupt-budget, which V8 would refuse aloud on every run.
    expect(bin.launchV8Flags('12.4.254.21-node.57')).toEqual(['--liftoff-only']);
    expect(bin.launchV8Flags('13.6.233.17-node.53')).toEqual(['--liftoff-only']);
  });

  it('this Node knows every flag the bin gives it: V8 says nothing when they are set', () => {
    const script = `for (const flag of require(${JSON.stringify(join(ROOT, 'bin/secrets-run.js'))}).LAUNCH_V8_FLAGS) require('node:v8').setFlagsFromString(flag);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    // The control: a flag V8 does not know is said on stderr.
    const unknown = spawnSync(process.execPath, ['-e', "require('node:v8').setFlagsFromString('--no-such-v8-flag')"], { encoding: 'utf8' });
    expect(unknown.stderr + unknown.stdout).toMatch(/unrecognized flag/);
  });
});
