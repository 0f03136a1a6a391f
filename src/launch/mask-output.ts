import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createMasker } from './masker.js';

export interface MaskedStream {
  done: Promise<void>; // the child's side has ended (or was given up), and what was held is written
  giveUp(): void; // stop waiting: write what is held and stop reading
}

// One of the child's output streams through the masker to ours, with backpressure: a slow reader of
// ours slows the child, as it would without --mask. When our side is closed (`| head`), the child
// learns it as in a shell pipeline, at its next write: Node's child pipes are socket pairs, where
// closing our end with data unread would give it ECONNRESET instead, so that write is read and
// dropped, the child is sent SIGPIPE (what the kernel sends a pipe's writer), and then the socket
// is closed for a child that ignores SIGPIPE to meet a write error.
export const maskStream = (from: Readable, to: Writable, patterns: readonly Buffer[], brokenPipe: () => void = () => undefined): MaskedStream => {
  const masker = createMasker(patterns);
  let closed = false;
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (settle = resolve));
  // The pieces of one chunk in one system call: corked, they go out together (writev).
  const write = (pieces: readonly Buffer[]): boolean => {
    if (closed || pieces.length === 0) return true;
    if (pieces.length === 1) return to.write(pieces[0]);
    to.cork();
    let room = true;
    for (const piece of pieces) room = to.write(piece);
    to.uncork();
    return room;
  };
  const finish = (): void => {
    if (!closed) write(masker.end());
    closed = true;
    from.removeAllListeners('data');
    settle();
  };
  let readerGone = false;
  from.on('data', (chunk: Buffer) => {
    if (readerGone) {
      brokenPipe();
      from.destroy();
      return;
    }
    if (write(masker.push(chunk))) return;
    from.pause();
    to.once('drain', () => from.resume());
  });
  from.once('end', finish);
  from.once('error', finish);
  from.once('close', finish);
  to.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') return;
    closed = true;
    readerGone = true;
    from.resume();
  });
  return {
    done,
    giveUp: () => {
      finish();
      from.destroy();
    },
  };
};

// --mask: the child's stdout and stderr pass through secrets-run with these byte strings masked.
export interface MaskOutput {
  patterns: readonly Buffer[];
  stdout: Writable;
  stderr: Writable;
}

// After the child has exited, how long its output may still take: a grandchild that keeps the pipe
// open (a daemon started in the background) must not keep the wrapper from ending.
export const OUTPUT_GRACE_MS = 1000;

// Both of a child's output streams (spawned with stdio pipes) through the masker. drained(), once the
// child has exited: both ended and written, or the grace passed and what was held written.
export const maskChildOutput = (child: ChildProcess, mask: MaskOutput): { drained(): Promise<void> } => {
  const brokenPipe = (): void => {
    try {
      child.kill('SIGPIPE');
    } catch {
      // already gone
    }
  };
  const streams = [
    [child.stdout, mask.stdout],
    [child.stderr, mask.stderr],
  ] as const;
  const masked = streams.flatMap(([from, to]) => (from === null ? [] : [maskStream(from, to, mask.patterns, brokenPipe)]));
  return {
    drained: async () => {
      const grace = setTimeout(() => masked.forEach((m) => m.giveUp()), OUTPUT_GRACE_MS);
      await Promise.all(masked.map((m) => m.done));
      clearTimeout(grace);
    },
  };
};
