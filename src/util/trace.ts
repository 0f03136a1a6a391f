// SECRETS_RUN_TRACE=1 prints when each start-up phase ended, in ms since the process started, to find
// where a slow start goes. Phase names only, never a value.
const enabled = process.env['SECRETS_RUN_TRACE'] === '1';

export const trace = (phase: string): void => {
  if (enabled) process.stderr.write(`secrets-run: trace ${performance.now().toFixed(1)} ms ${phase}\n`);
};
