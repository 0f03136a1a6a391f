import { EXIT_WRAPPER_FAILED, isSecretsRunError } from '../errors.js';
import { tracing } from '../util/trace.js';
import { ADVICE } from './advice.js';
import type { Reporter } from './reporter.js';

// Under SECRETS_RUN_TRACE, where it was thrown: the stack's frames only. The stack's head is the
// message, which an unexpected error may have filled with what it was parsing (a server's reply), on
// several lines: it is cut off whole, and a stack whose head is not the message shows nothing.
const frames = (error: unknown): string[] => {
  if (!tracing || !(error instanceof Error) || typeof error.stack !== 'string') return [];
  const head = error.message === '' ? error.name : `${error.name}: ${error.message}`;
  if (!error.stack.startsWith(`${head}\n`)) return [];
  return error.stack
    .slice(head.length + 1)
    .split('\n')
    .filter((line) => /^\s+at /.test(line));
};

// One clear message with its code (docs/errors.md says what each means and what to do), never a
// stack trace unless asked for; unexpected errors ask for a report.
export const reportError = (reporter: Reporter, error: unknown): number => {
  if (isSecretsRunError(error)) {
    reporter.error(`error: ${error.message} [${error.code}]`);
    for (const detail of error.details) reporter.error(`  ${detail}`);
    const hint = error.hint ?? ADVICE[error.code];
    if (hint) reporter.error(`hint: ${hint}`);
    for (const frame of frames(error)) reporter.error(`trace: ${frame.trim()}`);
    return error.exitCode;
  }
  const name = error instanceof Error ? error.name : 'Error';
  reporter.error(`internal error (${name}); please report it at https://github.com/secrets-run/secrets-run/issues`);
  for (const frame of frames(error)) reporter.error(`trace: ${frame.trim()}`);
  return EXIT_WRAPPER_FAILED;
};
