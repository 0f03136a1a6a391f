// SECRETS_RUN_TRACE=1 prints when each start-up phase ended, in ms since the process started, to find
// where a slow start goes. Phase names only, never a value. process.uptime(), not performance.now():
// the `performance` global loads perf_hooks on first touch, which would skew what it measures.
import { escapeControls } from './printable.js';

export const tracing = process.env['SECRETS_RUN_TRACE'] === '1';
let guarded = false;

export const trace = (phase: string): void => {
  if (!tracing) return;
  if (!guarded) {
    guarded = true;
    // A reader that went away is no reason to fail the run being traced.
    process.stderr.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  process.stderr.write(`secrets-run: trace ${(process.uptime() * 1000).toFixed(1)} ms ${escapeControls(phase)}\n`);
};
