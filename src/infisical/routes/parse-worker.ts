import { parentPort, workerData } from 'node:worker_threads';
import { BadResponseError, parseJsonObject } from './parse-secrets.js';
import { runParseJob, type ParseJob } from './parse-job.js';
import { textOf } from '../../util/bytes.js';

// A large listing parsed on its own thread (open-listing.ts), so the deadline can stop it: JSON.parse
// of 60 MB holds a thread for about half a second. It is parsed as soon as it arrives; once the plan
// is known, the job says what to take, and only that is sent back.
const port = parentPort!;
const failed = (error: unknown): void =>
  port.postMessage({ ok: false, message: error instanceof BadResponseError ? error.message : 'the body could not be read' });
// The bytes are let go of once decoded, so the parse does not hold them and the text at once.
const decode = (data: { bytes: Uint8Array | null }): string => {
  const bytes = data.bytes!;
  data.bytes = null;
  return textOf(bytes);
};
let record: Record<string, unknown> | undefined;
try {
  record = parseJsonObject(decode(workerData as { bytes: Uint8Array | null }));
  port.postMessage({ ok: true, parsed: true });
} catch (error) {
  failed(error);
}
port.once('message', (job: ParseJob) => {
  try {
    port.postMessage({ ok: true, result: runParseJob(job, record!) });
  } catch (error) {
    failed(error);
  }
});
