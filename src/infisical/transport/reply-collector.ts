import { LARGE_BODY_BYTES, type HttpReply } from './classify.js';
import type { BodyBudget } from './body-budget.js';
import { NetworkError, type HttpRequest } from './http-types.js';

// A proxy that refused a tunnel (407, 403, 502...), or asked for credentials, reaches us as an error
// whose message holds its status: PROXY_RESPONSE_<status>, so the words can say it was the proxy.
// Otherwise Node's code (ECONNREFUSED, ECONNRESET, HPE_* for a reply that is not HTTP, a TLS code)
// or undici's (UND_ERR_*, through a proxy).
export const errorCode = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const proxy = typeof e?.message === 'string' ? /^Proxy (?:response|Authentication Required) \((\d{3})\)/.exec(e.message) : null;
  if (proxy !== null) return `PROXY_RESPONSE_${proxy[1]}`;
  // Node's TLS says EPROTO for any protocol error; a plain-HTTP port answering https:// is OpenSSL's
  // "wrong version number", named as undici names it so the words can say what to change.
  if (e?.code === 'EPROTO' && typeof e.message === 'string' && /wrong version number/i.test(e.message)) return 'ERR_SSL_WRONG_VERSION_NUMBER';
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
};

// One request's reply as the transport delivers it: its bytes counted against the run's budget as
// they arrive, its time limit (this try's own, or the run's deadline: either way a timeout), and one
// outcome. `abort` stops the transport's request; the collector calls it when it stops first.
export class ReplyCollector {
  #settled = false;
  #status = 0;
  #headers: HttpReply['headers'] = {};
  #chunks: Buffer[] = [];
  #size = 0;
  readonly #timer: NodeJS.Timeout;
  readonly #onDeadline = (): void => this.stop(new NetworkError(undefined, true));

  constructor(
    private readonly req: HttpRequest,
    private readonly budget: BodyBudget,
    private readonly resolve: (reply: HttpReply) => void,
    private readonly reject: (error: NetworkError) => void,
    private readonly abort: (error: NetworkError) => void,
  ) {
    this.#timer = setTimeout(this.#onDeadline, req.timeoutMs);
    req.signal.addEventListener('abort', this.#onDeadline, { once: true });
    if (req.signal.aborted) this.#onDeadline();
  }

  get settled(): boolean {
    return this.#settled;
  }

  answering(status: number, headers: HttpReply['headers']): void {
    this.#status = status;
    this.#headers = headers;
    this.req.onAnswering?.();
  }

  data(chunk: Buffer): void {
    if (this.#settled) return;
    if (!this.budget.take(chunk.length)) return this.stop(new NetworkError('BODY_TOO_LARGE', false));
    this.#size += chunk.length;
    this.#chunks.push(chunk);
  }

  end(): void {
    if (this.#settled) return;
    const bytes = Buffer.concat(this.#chunks);
    this.#chunks.length = 0;
    const status = this.#status;
    this.#settle(() => this.resolve({ status, headers: this.#headers, ...heldReply(bytes, status, this.budget) }));
  }

  // The transport failed (the connection, the server's bytes, the proxy).
  failed(error: unknown): void {
    const code = errorCode(error);
    this.#fail(error instanceof NetworkError ? error : new NetworkError(code, /TIMEOUT/.test(code ?? '')));
  }

  // We stop it: a timeout, or a body over the budget. The request ends, giving back the bytes it held.
  stop(error: NetworkError): void {
    if (this.#settled) return;
    this.#fail(error);
    this.abort(error);
  }

  #fail(error: NetworkError): void {
    if (this.#settled) return;
    this.budget.give(this.#size);
    this.#size = 0;
    this.#chunks.length = 0; // let go of them now: the transport may hold its handler a while
    this.#settle(() => this.reject(error));
  }

  #settle(outcome: () => void): void {
    this.#settled = true;
    clearTimeout(this.#timer);
    this.req.signal.removeEventListener('abort', this.#onDeadline);
    outcome();
  }
}

// A large successful body stays counted until whoever reads it lets it go (once); any other is let go
// now: a small one holds little, and an error's body is read only for its words.
const heldReply = (bytes: Buffer, status: number, budget: BodyBudget): Pick<HttpReply, 'body' | 'bytes' | 'release'> => {
  if (bytes.length <= LARGE_BODY_BYTES || status < 200 || status >= 300) {
    budget.give(bytes.length);
    return bytes.length <= LARGE_BODY_BYTES ? { body: bytes.toString('utf8') } : { body: '', bytes };
  }
  let held = true;
  return { body: '', bytes, release: () => void (held && ((held = false), budget.give(bytes.length))) };
};
