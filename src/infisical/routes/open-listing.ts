import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { BadResponseError, parseJsonObject } from './parse-secrets.js';
import { runParseJob, type ParseJob, type ParseResult } from './parse-job.js';
import { textOf } from '../../util/bytes.js';

// A listing parsed as it arrived, inside the deadline; the planned keys are taken from it once the
// plan is known, which may be after the deadline (taking them is one pass over rows already parsed).
export interface OpenListing {
  take<J extends ParseJob>(job: J): Promise<ParseResult<J>>;
  close(): void; // nothing will be taken from it
}

// The deadline passed while a large reply was still being parsed.
export class ReadTooSlow extends Error {}

// The worker reading a large reply failed (it could not start, it ran out of memory): the bytes went
// to it, so nothing is left here to read.
export class ReadFailedHere extends Error {}

export const openHere = (body: string): OpenListing => {
  const record = parseJsonObject(body);
  // async: a reply of the wrong shape rejects the take, for the caller to name, rather than throwing.
  return { take: async (job) => runParseJob(job, record), close: () => undefined };
};

const workerFile = (): string | undefined => {
  const file = typeof __dirname === 'string' ? join(__dirname, 'parse-worker.cjs') : undefined;
  return file !== undefined && existsSync(file) ? file : undefined;
};

// On this thread, when no worker can do it (run from source, or the worker failed): checked against
// the deadline after the parse, which nothing can interrupt.
const openHereInTime = (bytes: Uint8Array, deadline: AbortSignal): OpenListing => {
  const opened = openHere(textOf(bytes));
  if (deadline.aborted) throw new ReadTooSlow();
  return opened;
};

type WorkerReply = { ok: true; parsed?: true; result?: unknown } | { ok: false; message: string };

// Settles once, from the worker's next message, or from this thread when the worker fails or ends
// without one (it cannot start, it runs out of memory): never left pending.
const nextReply = (worker: Worker, onReply: (reply: WorkerReply) => void, onFailure: () => void): (() => void) => {
  let done = false;
  const once =
    <A extends unknown[]>(handle: (...args: A) => void) =>
    (...args: A): void => {
      if (done) return;
      done = true;
      worker.off('message', onMessage).off('error', onError).off('exit', onError);
      handle(...args);
    };
  const onMessage = once(onReply);
  const onError = once(onFailure);
  worker.on('message', onMessage).on('error', onError).on('exit', onError);
  return once(() => undefined); // stops listening
};

// Runs `work` for a promise's outcome: a throw rejects it.
const settleWith = <T>(resolve: (value: T) => void, reject: (error: unknown) => void, work: () => T): void => {
  try {
    resolve(work());
  } catch (error) {
    reject(error);
  }
};

const taking =
  (worker: Worker) =>
  <J extends ParseJob>(job: J): Promise<ParseResult<J>> =>
    new Promise((resolve, reject) => {
      nextReply(
        worker,
        (reply) => {
          void worker.terminate();
          if (reply.ok) resolve(reply.result as ParseResult<J>);
          else reject(new BadResponseError(reply.message));
        },
        () => reject(new ReadFailedHere()),
      );
      worker.postMessage(job);
    });

// Parses a large body on a worker thread (routes/parse-worker.ts), raced against the deadline: when
// it passes first, the worker is stopped and the read fails at once, instead of holding this thread
// (and the child's start) for as long as JSON.parse takes. The bytes are handed over, not copied
// (memory is bounded by what a run holds: transport/body-budget.ts). Run from source, without a built
// worker, the body is parsed here. The worker never holds the process open.
export const openOffThread = (bytes: Uint8Array, deadline: AbortSignal): Promise<OpenListing> =>
  new Promise((resolve, reject) => {
    if (deadline.aborted) return reject(new ReadTooSlow());
    const file = workerFile();
    if (file === undefined) return settleWith(resolve, reject, () => openHereInTime(bytes, deadline));
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    let worker: Worker;
    try {
      // Loaded only for a large reply: node:worker_threads costs every run's start-up 2 to 3 ms.
      const { Worker: WorkerClass } = require('node:worker_threads') as typeof import('node:worker_threads');
      worker = new WorkerClass(file, { workerData: { bytes }, transferList: own ? [bytes.buffer as ArrayBuffer] : [] });
    } catch {
      return reject(new ReadFailedHere());
    }
    worker.unref();
    const onDeadline = (): void => {
      stop();
      void worker.terminate();
      reject(new ReadTooSlow());
    };
    deadline.addEventListener('abort', onDeadline, { once: true });
    const stop = nextReply(
      worker,
      (reply) => {
        deadline.removeEventListener('abort', onDeadline);
        if (reply.ok) return resolve({ take: taking(worker), close: () => void worker.terminate() });
        void worker.terminate();
        reject(new BadResponseError(reply.message));
      },
      () => {
        deadline.removeEventListener('abort', onDeadline);
        reject(new ReadFailedHere());
      },
    );
  });
