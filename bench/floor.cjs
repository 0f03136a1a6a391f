// The floor of a Node launcher on this machine, for comparison only: Node built-ins alone (no
// dependency, no bundle), reading .env with util.parseEnv and spawning the command. Every real
// launcher pays at least this over `node -e 0`.
'use strict';
const { parseEnv } = require('node:util');
const { readFileSync } = require('node:fs');
const { spawn } = require('node:child_process');

const argv = process.argv.slice(2);
const at = argv.indexOf('--');
const env = { ...parseEnv(readFileSync('.env', 'utf8')), ...process.env };
const child = spawn(argv[at + 1], argv.slice(at + 2), { stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal === 'SIGTERM' ? 15 : 1)));
