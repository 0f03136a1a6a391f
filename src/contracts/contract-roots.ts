import { statSync, type Stats } from 'node:fs';
import { relative, resolve } from 'node:path';
import { SecretsRunError } from '../errors.js';

// Why a --contracts path cannot be scanned, said as what it is (a loop is not "does not exist").
const rootFailure = (code: string | undefined): string => {
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'contracts path does not exist';
    case 'ELOOP':
      return 'contracts path is a symlink loop';
    case 'EACCES':
    case 'EPERM':
      return 'contracts path is not readable (permission denied)';
    default:
      return `contracts path is not readable (${code ?? 'error'})`;
  }
};

// A contracts root, followed if a link. One the user named and that cannot be read is a usage error
// (125), like a missing --env-file: a typo must not start the service without its secrets.
export const statRoot = (root: string, cwd: string): Stats => {
  const absolute = resolve(cwd, root);
  try {
    return statSync(absolute);
  } catch (error) {
    const name = relative(cwd, absolute) || root;
    throw new SecretsRunError('USAGE', `${name}: ${rootFailure((error as NodeJS.ErrnoException).code)}`, {
      hint: 'check --contracts, SECRETS_RUN_CONTRACTS or contracts: in the config file',
    });
  }
};
