import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './run-cli.js';
import { makeTree } from './tree.js';

// A throw-away npm project whose `trap` script runs the repo's bin as an installed package would:
// node_modules/.bin/secrets-run is a symlink to bin/secrets-run.js, and npm puts that directory on
// the script's PATH.
export const npmProject = (script: string): string => {
  const project = makeTree({ 'package.json': JSON.stringify({ name: 'launch-npm', private: true, scripts: { trap: script } }) });
  mkdirSync(join(project, 'node_modules/.bin'), { recursive: true });
  symlinkSync(BIN, join(project, 'node_modules/.bin/secrets-run'));
  return project;
};

// npm quiet and offline about itself.
export const NPM_ENV = { npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
