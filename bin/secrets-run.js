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
// runs the launcher and saves V8's code for each bundle next to it (scripts/code-cache.cjs); loading
// that skips the compiling. V8 itself checks only a cache's version, flags and the source's length,
// so each cache file carries a copy of the bundle it was made from, and is used only when that copy
// is byte for byte the bundle beside it (one native comparison, microseconds): an edited bundle (a
// patch, sed -i, even to the same length) compiles as usual, as does any bundle when V8 refuses the
// cache (another Node, other V8 flags). SECRETS_RUN_NO_CODE_CACHE=1 turns it off. Nothing here
// writes a file. V8 does not verify a cache's body: it is as trustworthy as the bundle beside it,
// both written by the build with an atomic rename.
const CACHE_HEADER = 'secrets-run code cache 1';

// Cache file: "secrets-run code cache 1 <bundle bytes>\n", the bundle's bytes, then V8's data.
const cachedDataFor = (file, bytes) => {
  const cache = readFileSync(`${file}.cache`);
  const end = cache.indexOf(10);
  if (end < 0 || end > 100 || cache.toString('latin1', 0, end) !== `${CACHE_HEADER} ${bytes.length}`) return undefined;
  const copyEnd = end + 1 + bytes.length;
  return cache.length > copyEnd && cache.subarray(end + 1, copyEnd).equals(bytes) ? cache.subarray(copyEnd) : undefined;
};

// A bundle wrapped as Node's own CommonJS loader would wrap it, with its cache if any.
const compile = (file, source, cachedData) =>
  new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });

const loadBundle = (name, { useCache = process.env.SECRETS_RUN_NO_CODE_CACHE !== '1' } = {}) => {
  const file = join(__dirname, '..', 'dist', name);
  const bytes = readFileSync(file);
  const source = bytes.toString('utf8');
  let cachedData;
  if (useCache) {
    try {
      cachedData = cachedDataFor(file, bytes);
    } catch {
      // no cache: compile as usual
    }
  }
  const script = compile(file, source, cachedData);
  const module = { exports: {}, filename: file, id: file, loaded: false };
  // Built-ins resolve the same from here; a bundle's relative require names another bundle in dist/.
  // (node:module's createRequire would load the ES module loader, for nothing.)
  const bundleRequire = (id) => (id.startsWith('./') ? loadBundle(id.slice(2), { useCache }).exports : require(id));
  script.runInThisContext().call(module.exports, module.exports, bundleRequire, module, file, join(file, '..'));
  module.loaded = true;
  const cache = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: module.exports, script, bytes, cache };
};

// V8 takes a code cache only under the V8 flags it was made with. The fetch stage has WebAssembly
// compiled by Liftoff alone (src/infisical/transport/wasm-flags.ts), so the flag goes on before the
// fetch and contracts bundles compile, in every run and in the build's training run alike; the cli,
// argument and config bundles always compile before it. Which chunks turn it on is the build's to
// say (src/chunks/manifest.json, "liftoff"): it bundles the answer into the call that loads each
// chunk, so the bin reads no list. Loading node:v8 costs 3 ms: never on the plain path.
//
// At the same moment, and so under the same caches, V8 waits about 4 times longer than its default
// before handing a hot function to TurboFan. A launch is over within a few hundred milliseconds:
// the functions its scan and fetch make hot (js-yaml's, Node's path and http code) were being
// optimized on the second core, 2 to 13 ms each, for code that had finished by then, and the exit
// waited for the compiles still running. Measured (docs/decisions.md, Speed): a warm fetch 27 ms
// sooner, `plan --offline` of 40 contracts 25 ms, a 10,000-contract scan no slower. Only in the bin:
// a program that loads secrets-run as a library keeps its own V8 settings. Only on V8 11 (Node 20),
// where it was measured: V8 12 and 13 (Node 22, 24) count invocations instead, have no such flag,
// and would print "Error: unrecognized flag" on every run.
const launchV8Flags = (v8Version = process.versions.v8) =>
  Number(v8Version.split('.')[0]) === 11 ? ['--liftoff-only', '--interrupt-budget=300000'] : ['--liftoff-only'];
const LAUNCH_V8_FLAGS = launchV8Flags();
const chunkLoader = (load) => {
  let liftoff = false;
  return (file, needsLiftoff) => {
    if (!liftoff && needsLiftoff) {
      const v8 = require('node:v8');
      for (const flag of LAUNCH_V8_FLAGS) v8.setFlagsFromString(flag);
      liftoff = true;
    }
    return load(file);
  };
};

if (require.main === module) {
  const cli = loadBundle('cli.cjs');
  cli.exports.run({ codeCache: cli.cache, loadChunk: chunkLoader(loadBundle) });
} else {
  module.exports = { loadBundle, chunkLoader, compile, cachedDataFor, CACHE_HEADER, LAUNCH_V8_FLAGS, launchV8Flags };
}
