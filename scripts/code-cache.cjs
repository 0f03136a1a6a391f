// Writes dist/<bundle>.cache: V8's code for the functions one launch compiles, made after the launch
// (not before), so the functions V8 compiles lazily at first call are in it too; those are most of
// the start-up cost. Run by the build: `node scripts/code-cache.cjs BUNDLES... -- ARGS...` launches
// `secrets-run ARGS` in the current folder and environment and saves the named bundles' caches.
'use strict';
const { renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { loadBundle, chunkLoader, CACHE_HEADER } = require('../bin/secrets-run.js');

const separator = process.argv.indexOf('--');
const save = new Set(process.argv.slice(2, separator));
const loaded = [];
const load = (file) => {
  const bundle = loadBundle(file, { useCache: false });
  loaded.push([file, bundle]);
  return bundle;
};

const saveCache = (file, bundle) => {
  const target = join(__dirname, '..', 'dist', `${file}.cache`);
  // What the bin checks (bin/secrets-run.js): the very bytes the cache was made from.
  const header = Buffer.from(`${CACHE_HEADER} ${bundle.bytes.length}\n`, 'latin1');
  writeFileSync(`${target}.tmp`, Buffer.concat([header, bundle.bytes, bundle.script.createCachedData()]));
  renameSync(`${target}.tmp`, target);
  saved.add(file);
};
const saved = new Set();

// V8 stamps a cache with the flags of the moment, and turning a flag back off does not restore the
// stamp: the bundles that load before the Liftoff flag goes on are saved just before it does.
const binLoadChunk = chunkLoader(load);
const loadChunk = (file, needsLiftoff) => {
  if (needsLiftoff) for (const [name, bundle] of loaded) if (save.has(name) && !saved.has(name)) saveCache(name, bundle);
  return binLoadChunk(file, needsLiftoff);
};

const cli = load('cli.cjs');
process.argv = [process.execPath, 'secrets-run', ...process.argv.slice(separator + 1)];
process.on('exit', (status) => {
  if (status !== 0) return;
  for (const [file, bundle] of loaded) if (save.has(file) && !saved.has(file)) saveCache(file, bundle);
  const missing = [...save].filter((file) => !saved.has(file));
  if (missing.length > 0) {
    process.stderr.write(`code cache: the training run never loaded ${missing.join(', ')}\n`);
    process.exitCode = 1;
  }
});
cli.exports.run({ loadChunk });
