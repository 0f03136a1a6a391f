#!/bin/sh
":" //; exec node -- "$0" "$@"
// This file is both a shell script and JavaScript. As a script it re-runs itself as `node -- file`:
// the `--` keeps Node 20 from treating a later `--env-file` (ours) as its own option and exiting
// with "node: <file>: not found" before any of our code runs. As JavaScript the line above is a
// harmless string.
'use strict';
require('../dist/cli.cjs').run();
