import { SecretsRunError } from '../../errors.js';
import type { Flags } from '../../settings/options.js';
import type { Io, Outcome } from '../io.js';
import type { Reporter } from '../reporter.js';

export const seedCommand = async (_io: Io, _flags: Flags, _reporter: Reporter): Promise<Outcome> => {
  throw new SecretsRunError('USAGE', 'seed: not built yet');
};
