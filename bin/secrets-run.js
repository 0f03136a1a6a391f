#!/bin/sh
":" //; exec node -- "$0" "$@"
// This file is both a shell script and JavaScript. As a script it re-runs itself as `node -- file`:
// the `--` keeps Node 20 from treating a later `--env-file` (ours) as its own option and exiting
// with "node: <file>: not found" before any of our code runs. As JavaScript the line above is a
// harmless string.
'use strict';
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const { join } = require('node:path');

// Most of a launcher's start-up is V8 compiling its functions the first time they run. The build
// runs the no-Infisical path once and saves V8's code for it next to the bundle (scripts/code-cache.cjs);
// loading that skips the compiling. The cache is used only when it was made from this very bundle
// (V8 itself compares only the source's length) and V8 accepts it (same V8 version and flags);
// otherwise the bundle compiles as usual. SECRETS_RUN_NO_CODE_CACHE=1 turns it off. Nothing here
// writes a file. V8 verifies a cache's header (its version, flags, length), not every byte: the cache
// is as trustworthy as the bundle beside it, both written by the build with an atomic rename.
const BUILD_ID = /\/\/# build=([0-9a-f]+)\s*$/;

const loadBundle = (name, { useCache = process.env.SECRETS_RUN_NO_CODE_CACHE !== '1' } = {}) => {
  const file = join(__dirname, '..', 'dist', name);
  const source = readFileSync(file, 'utf8');
  const id = BUILD_ID.exec(source.slice(-40))?.[1];
  let cachedData;
  if (id !== undefined && useCache) {
    try {
      const cache = readFileSync(`${file}.cache`);
      if (cache.toString('latin1', 0, id.length + 1) === `${id}\n`) cachedData = cache.subarray(id.length + 1);
    } catch {
      // no cache: compile as usual
    }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  // Built-ins resolve the same from here; a bundle's relative require names another bundle in dist/.
  // (node:module's createRequire would load the ES module loader, for nothing.)
  const bundleRequire = (id) => (id.startsWith('./') ? loadBundle(id.slice(2), { useCache }).exports : require(id));
  script.runInThisContext().call(module.exports, module.exports, bundleRequire, module, file, join(file, '..'));
  module.loaded = true;
  const cache = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: module.exports, script, id, cache };
};

// V8 takes a code cache only under the V8 flags it was made with. The fetch stage has WebAssembly
// compiled by Liftoff alone (src/fetch/wasm-flags.ts), so the flag goes on before the fetch and
// contracts bundles compile, in every run and in the build's training run alike; the cli, argument
// and config bundles always compile before it. Loading node:v8 costs 3 ms: never on the plain path.
const LIFTOFF_CHUNKS = new Set(['fetch-stage.cjs', 'contracts-stage.cjs']);

const chunkLoader = (load) => {
  let liftoff = false;
  return (file) => {
    if (!liftoff && LIFTOFF_CHUNKS.has(file)) {
      require('node:v8').setFlagsFromString('--liftoff-only');
      liftoff = true;
    }
    return load(file);
  };
};

if (require.main === module) {
  const cli = loadBundle('cli.cjs');
  cli.exports.run({ codeCache: cli.cache, loadChunk: chunkLoader(loadBundle) });
} else {
  module.exports = { loadBundle, chunkLoader, LIFTOFF_CHUNKS };
}
