// The floor of a launcher built from secrets-run's required dependencies, for comparison only: the
// least any launcher that keeps dotenv, cross-spawn and signal-exit does on the plain path (parse
// .env, spawn, relay the stop signals, pass the child's status on), with nothing of secrets-run's
// own (no flags, settings, config file, contracts, checks or messages). bench/floor-deps.mjs bundles
// it and loads it through secrets-run's own bin with a code cache, exactly as dist/cli.cjs is loaded,
// so the gap between this row and secrets-run's is what secrets-run's own code costs.
'use strict';
const { readFileSync } = require('node:fs');
const { parse } = require('dotenv');
const crossSpawn = require('cross-spawn');
const { onExit } = require('signal-exit');

const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGINT'];

exports.run = () => {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--');
  let vars = {};
  try {
    vars = parse(readFileSync('.env'));
  } catch {
    // no .env: nothing to add
  }
  let child;
  const relay = (signal) => {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  };
  for (const signal of SIGNALS) process.on(signal, relay);
  child = crossSpawn(argv[at + 1], argv.slice(at + 2), { stdio: 'inherit', env: { ...vars, ...process.env } });
  onExit((_code, signal) => {
    child.kill(signal ?? 'SIGTERM');
  });
  child.on('error', () => {
    process.exitCode = 127;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + require('node:os').constants.signals[signal];
    process.exit();
  });
};
