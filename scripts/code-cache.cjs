// Writes dist/<bundle>.cache: V8's code for the functions one no-Infisical launch compiles (run from
// the build, in a scratch folder holding a .env). Made after the launch, not before, so the functions
// V8 compiles lazily at first call are in it too; those are most of the start-up cost.
'use strict';
const { renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { loadBundle } = require('../bin/secrets-run.js');

const name = process.argv[2];
const bundle = loadBundle(name, { useCache: false });
if (bundle.id === undefined) throw new Error(`dist/${name} has no build id`);
process.argv = [process.execPath, 'secrets-run', '--', process.execPath, '-e', '0'];
process.on('exit', (status) => {
  if (status !== 0) return;
  const file = join(__dirname, '..', 'dist', name);
  const data = bundle.script.createCachedData();
  writeFileSync(`${file}.cache.tmp`, Buffer.concat([Buffer.from(`${bundle.id}\n`, 'latin1'), data]));
  renameSync(`${file}.cache.tmp`, `${file}.cache`);
});
bundle.exports.run();
