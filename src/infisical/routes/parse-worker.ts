import { parentPort, workerData } from 'node:worker_threads';
import { BadResponseError } from './parse-secrets.js';
import { runParseJob, type ParseJob } from './parse-job.js';

// A large listing read on its own thread (parse-off-thread.ts), so the deadline can stop it: JSON.parse
// of 60 MB holds a thread for about half a second. Only what the job wants is sent back.
const { job, bytes } = workerData as { job: ParseJob; bytes: Uint8Array };
try {
  parentPort!.postMessage({ ok: true, result: runParseJob(job, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: error instanceof BadResponseError ? error.message : 'the body could not be read' });
}
