// SECRETS_RUN_TRACE=1 prints when each start-up phase ended, in ms since the process started, to find
// where a slow start goes. Phase names only, never a value. process.uptime(), not performance.now():
// the `performance` global loads perf_hooks on first touch, which would skew what it measures.
const enabled = process.env['SECRETS_RUN_TRACE'] === '1';

export const trace = (phase: string): void => {
  if (enabled) process.stderr.write(`secrets-run: trace ${(process.uptime() * 1000).toFixed(1)} ms ${phase}\n`);
};
