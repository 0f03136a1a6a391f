import { EXIT_WRAPPER_FAILED, isSecretsRunError } from '../errors.js';
import { tracing } from '../util/trace.js';
import type { Reporter } from './reporter.js';

// Under SECRETS_RUN_TRACE, where it was thrown: the stack's frames only. The message line is left
// out, since an unexpected error's message may quote what it was parsing (a server's reply).
const frames = (error: unknown): string[] =>
  tracing && error instanceof Error && typeof error.stack === 'string' ? error.stack.split('\n').filter((line) => /^\s+at /.test(line)) : [];

// One clear message with its code (docs/errors.md says what each means and what to do), never a
// stack trace unless asked for; unexpected errors ask for a report.
export const reportError = (reporter: Reporter, error: unknown): number => {
  if (isSecretsRunError(error)) {
    reporter.error(`error: ${error.message} [${error.code}]`);
    for (const detail of error.details) reporter.error(`  ${detail}`);
    if (error.hint) reporter.error(`hint: ${error.hint}`);
    for (const frame of frames(error)) reporter.error(`trace: ${frame.trim()}`);
    return error.exitCode;
  }
  const name = error instanceof Error ? error.name : 'Error';
  reporter.error(`internal error (${name}); please report it at https://github.com/secrets-run/secrets-run/issues`);
  for (const frame of frames(error)) reporter.error(`trace: ${frame.trim()}`);
  return EXIT_WRAPPER_FAILED;
};
