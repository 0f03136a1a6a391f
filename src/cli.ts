import { main, type Outcome } from './cli/main.js';
import { flushed } from './cli/reporter.js';
import { shouldReraise } from './launch/exit-status.js';
import { trace, tracing } from './util/trace.js';
import { setChunkLoader, type ChunkLoader } from './chunks/load-chunk.js';
import { endOnSignalBeforeLaunch } from './launch/pre-launch.js';

// Sets the status. A run that wrote something lets the event loop end by itself, so a large plan on
// a pipe arrives whole; one that wrote nothing ends at once. Re-raises the child's fatal signal once
// the output has drained.
const finish = async (outcome: Outcome): Promise<void> => {
  process.exitCode = outcome.status;
  trace('child ended');
  if (outcome.signal === undefined || !shouldReraise(outcome.signal, process.pid)) {
    // Nothing written, so nothing to drain: ending now skips the event loop's wind-down (1 to 2 ms
    // on every plain run).
    if (stdout === undefined && stderr === undefined && !tracing) process.exit();
    return;
  }
  await Promise.all([stdout && flushed(stdout), stderr && flushed(stderr)]);
  process.removeAllListeners(outcome.signal);
  try {
    process.kill(process.pid, outcome.signal);
  } catch {
    // fall back to the status set above
  }
};

// A reader that went away (`secrets-run plan | head`) is not an error worth a stack trace.
const ignoreClosedPipe = (stream: NodeJS.WriteStream): NodeJS.WriteStream =>
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });

// process.stdout and process.stderr are made on first use, which costs about 2 ms for pipes; the
// plain path writes nothing, so it never pays.
let stdout: NodeJS.WriteStream | undefined;
let stderr: NodeJS.WriteStream | undefined;

// What the bin passes in: how it loaded this bundle (for SECRETS_RUN_TRACE) and how to load chunks
// (with their code caches).
export interface RunInfo {
  codeCache?: 'used' | 'rejected' | 'absent';
  loadChunk?: ChunkLoader;
}

export const run = (info: RunInfo = {}): void => {
  if (info.codeCache !== undefined) trace(`cli loaded, code cache ${info.codeCache}`);
  if (info.loadChunk !== undefined) setChunkLoader(info.loadChunk);
  // First: until the child exists, a stop signal ends the wrapper (also as PID 1, which would
  // otherwise ignore it); launchChild's forwarders take over from there.
  endOnSignalBeforeLaunch();
  const io = {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    get stdout(): NodeJS.WriteStream {
      return (stdout ??= ignoreClosedPipe(process.stdout));
    },
    get stderr(): NodeJS.WriteStream {
      return (stderr ??= ignoreClosedPipe(process.stderr));
    },
  };
  main(io)
    .then(finish)
    .catch(() => {
      process.exitCode = 125;
    });
};
