import { SecretsRunError } from '../errors.js';

// --require: any problem stops the run before the command starts.
export const failIfStrict = (problems: string[], outcome = 'the command was not started'): void => {
  if (problems.length === 0) return;
  throw new SecretsRunError('STRICT_FAILED', `--require: ${problems.length} problem${problems.length === 1 ? '' : 's'}, ${outcome}`, {
    details: problems,
  });
};
