import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BadResponseError } from './parse-secrets.js';
import { runParseJob, type ParseJob, type ParseResult } from './parse-job.js';

// The deadline passed while a large reply was still being read.
export class ReadTooSlow extends Error {}

const workerFile = (): string | undefined => {
  const file = typeof __dirname === 'string' ? join(__dirname, 'parse-worker.cjs') : undefined;
  return file !== undefined && existsSync(file) ? file : undefined;
};

// Reads a large body on a worker thread, raced against the deadline: when it passes, the worker is
// stopped and the read fails at once, instead of holding this thread (and the child's start) for as
// long as JSON.parse takes. Run from source (no built worker), it is read here, checked against the
// deadline before and after.
export const parseOffThread = <J extends ParseJob>(job: J, bytes: Uint8Array, deadline: AbortSignal): Promise<ParseResult<J>> => {
  if (deadline.aborted) return Promise.reject(new ReadTooSlow());
  const file = workerFile();
  if (file === undefined) {
    const result = runParseJob(job, Buffer.from(bytes).toString('utf8'));
    return deadline.aborted ? Promise.reject(new ReadTooSlow()) : Promise.resolve(result);
  }
  return new Promise((resolve, reject) => {
    // Handed over rather than copied when the bytes are a buffer of their own (a large body's are).
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const worker = new Worker(file, { workerData: { job, bytes }, transferList: own ? [bytes.buffer as ArrayBuffer] : [] });
    const finish = (outcome: () => void): void => {
      deadline.removeEventListener('abort', onDeadline);
      void worker.terminate();
      outcome();
    };
    const onDeadline = (): void => finish(() => reject(new ReadTooSlow()));
    deadline.addEventListener('abort', onDeadline, { once: true });
    worker.once('message', (reply: { ok: true; result: ParseResult<J> } | { ok: false; message: string }) =>
      finish(() => (reply.ok ? resolve(reply.result) : reject(new BadResponseError(reply.message)))),
    );
    worker.once('error', () => finish(() => reject(new BadResponseError('the body could not be read'))));
  });
};
