import type { Redact } from '../transport/classify.js';

// What a route needs to read a reply: the host its words name, and what must never be shown.
export interface ReplyContext {
  host: string;
  redact: Redact;
  proxy?: string; // the proxy the requests go through, for the words of a failure
}
