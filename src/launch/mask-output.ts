import type { ChildProcess, StdioOptions } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { createMasker } from './masker.js';
import { connectOwnOutput, ownOutputSupported } from './own-output-socket.js';

export interface MaskedStream {
  done: Promise<void>; // the child's side has ended (or was given up), and what was held is written
  giveUp(): void; // stop waiting: write what is held and stop reading
}

interface MaskedWriter extends MaskedStream {
  // A chunk read from the command; `release` is called once its memory is no longer referred to;
  // `room` bytes before it are free for the masker (masker.ts).
  push(chunk: Buffer, release?: () => void, room?: number): void;
}

// One of the child's output streams through the masker to ours, with backpressure: a slow reader of
// ours slows the child, as it would without --mask. When our side is closed (`| head`), the child
// learns it as in a shell pipeline, at its next write: the child's output is a socket, where
// closing our end with data unread would give it ECONNRESET instead, so that write is read and
// dropped, the child is sent SIGPIPE (what the kernel sends a pipe's writer), and then the socket
// is closed for a child that ignores SIGPIPE to meet a write error.
const maskedWriter = (from: Readable, to: Writable, patterns: readonly Buffer[], brokenPipe: () => void): MaskedWriter => {
  const masker = createMasker(patterns);
  // A reader of ours that went away earlier (--watch: while a command before this one ran) reported
  // it once, to that command's reader: this command learns it at its first write too.
  let readerGone = (to.errored as NodeJS.ErrnoException | null)?.code === 'EPIPE';
  let closed = readerGone;
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (settle = resolve));
  // The pieces of one chunk in one system call: corked, they go out together (writev).
  const write = (pieces: readonly Buffer[], release?: () => void): boolean => {
    if (closed || pieces.length === 0) {
      release?.();
      return true;
    }
    const last = pieces.length - 1;
    if (last === 0) return to.write(pieces[0], release);
    to.cork();
    let room = true;
    pieces.forEach((piece, i) => (room = to.write(piece, i === last ? release : undefined)));
    to.uncork();
    return room;
  };
  const onWriteError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') return;
    closed = true;
    readerGone = true;
    from.resume();
  };
  // Our stdout and stderr outlive this command (--watch starts another on them): nothing of this
  // reader stays on them once it has finished, or each restart would leave it, and its read buffers,
  // reachable for the rest of the run.
  const finish = (): void => {
    if (!closed) write(masker.end());
    closed = true;
    from.removeAllListeners('data');
    to.removeListener('error', onWriteError);
    settle();
  };
  from.once('end', finish);
  from.once('error', finish);
  from.once('close', finish);
  to.on('error', onWriteError);
  return {
    push: (chunk, release, room) => {
      if (readerGone) {
        release?.();
        brokenPipe();
        from.destroy();
        return;
      }
      if (write(masker.push(chunk, room), release)) return;
      from.pause();
      to.once('drain', () => from.resume());
    },
    done,
    giveUp: () => {
      finish();
      from.destroy();
    },
  };
};

// From a stream: the socket pair Node's spawn made for the child's output.
const maskStream = (from: Readable, to: Writable, patterns: readonly Buffer[], brokenPipe: () => void): MaskedStream => {
  const writer = maskedWriter(from, to, patterns, brokenPipe);
  from.on('data', (chunk: Buffer) => writer.push(chunk));
  return writer;
};

// How much is read at a time (Node reads its child pipes 64 KiB at a time; four times that made the
// hop through secrets-run a sixth cheaper on bench/mask.mjs), and how many read buffers are kept for
// reuse: more are in flight only while our side is slow to take the writes.
const READ_BYTES = 256 * 1024;
const SPARE_READS = 4;

// From a connection of secrets-run's own (own-output-socket.ts), read into buffers that come back
// once what was read from them is written. Each is read after room for the longest value, where
// the masker puts a tail it held back from the read before.
const ownMaskedStream = async (to: Writable, patterns: readonly Buffer[], brokenPipe: () => void): Promise<{ childEnd: Socket; stream: MaskedStream }> => {
  const room = Math.max(0, ...patterns.map((p) => p.length));
  const spare: Buffer[] = [];
  const reading: { writer?: MaskedWriter } = {};
  const { childEnd, ours } = await connectOwnOutput({
    buffer: () => spare.pop() ?? Buffer.allocUnsafeSlow(room + READ_BYTES).subarray(room),
    callback: (length, buffer) => {
      // Node hands back the buffer given it; nothing reaches it before the command is started.
      const read = buffer as Buffer;
      reading.writer?.push(read.subarray(0, length), () => void (spare.length < SPARE_READS && spare.push(read)), room);
      return true;
    },
  });
  reading.writer = maskedWriter(ours, to, patterns, brokenPipe);
  return { childEnd, stream: reading.writer };
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

// What the command is given for its stdout and stderr, and how they are read once it runs.
export interface MaskedChildOutput {
  stdio: StdioOptions;
  attach(child: ChildProcess): { drained(): Promise<void> };
  close(): void; // the command was not started after all
}

type Target = readonly [Writable, Writable];

// Connections of our own for both streams, or none (the platform has none, or one failed): Node's
// pipes then, read as streams.
const ownStreams = async (targets: Target, patterns: readonly Buffer[], brokenPipe: () => void) => {
  const made: Awaited<ReturnType<typeof ownMaskedStream>>[] = [];
  try {
    for (const to of targets) made.push(await ownMaskedStream(to, patterns, brokenPipe));
    return made;
  } catch {
    for (const { childEnd, stream } of made) {
      childEnd.destroy();
      stream.giveUp();
    }
    return undefined;
  }
};

// Both of a child's output streams through the masker. drained(), once the child has exited: both
// ended and written, or the grace passed and what was held written.
export const prepareMaskedOutput = async (mask: MaskOutput, platform: NodeJS.Platform = process.platform): Promise<MaskedChildOutput> => {
  let child: ChildProcess | undefined;
  const brokenPipe = (): void => {
    try {
      child?.kill('SIGPIPE');
    } catch {
      // already gone
    }
  };
  const targets: Target = [mask.stdout, mask.stderr];
  const own = ownOutputSupported(platform) ? await ownStreams(targets, mask.patterns, brokenPipe) : undefined;
  const drainedOf = (masked: readonly MaskedStream[]) => ({
    drained: async () => {
      const grace = setTimeout(() => masked.forEach((m) => m.giveUp()), OUTPUT_GRACE_MS);
      await Promise.all(masked.map((m) => m.done));
      clearTimeout(grace);
    },
  });
  if (own !== undefined)
    return {
      stdio: ['inherit', own[0]!.childEnd, own[1]!.childEnd],
      attach: (started) => {
        child = started;
        // The command holds its ends now: ours closed, the reading side sees the end of its output
        // once the command (and whatever it started) has closed them.
        for (const { childEnd } of own) childEnd.destroy();
        return drainedOf(own.map(({ stream }) => stream));
      },
      close: () => {
        for (const { childEnd, stream } of own) {
          childEnd.destroy();
          stream.giveUp();
        }
      },
    };
  return {
    stdio: ['inherit', 'pipe', 'pipe'],
    attach: (started) => {
      child = started;
      const streams = [started.stdout, started.stderr].map((from, i) => (from === null ? [] : [maskStream(from, targets[i]!, mask.patterns, brokenPipe)]));
      return drainedOf(streams.flat());
    },
    close: () => undefined,
  };
};
