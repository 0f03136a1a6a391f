import { isSecretsRunError } from '../../src/errors.js';

// What a call that must fail with a SecretsRunError failed with; anything else fails the test.
export const failure = (fn: () => unknown): { code: string; message: string; exitCode: number } => {
  try {
    fn();
  } catch (error) {
    if (!isSecretsRunError(error)) throw error;
    return { code: error.code, message: error.message, exitCode: error.exitCode };
  }
  throw new Error('expected a failure');
};
