// An HTTP/1.1 reply read from a connection's bytes (RFC 9112), strictly: a status line, headers, and
// a body framed by Content-Length, by chunked Transfer-Encoding, or by the connection's end. Whatever
// is not that is an error with an llhttp code (HPE_*), as Node's own parser would name it, so
// classify.ts reads both transports alike. Pure: bytes in, events out.

export type ReplyHeaders = Record<string, string | string[]>;

export interface ReplyEvents {
  head(status: number, headers: ReplyHeaders): void;
  data(chunk: Buffer): void;
  // The reply is whole; `reusable`: the connection may carry another request.
  end(reusable: boolean): void;
}

export class ParseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CRLF = Buffer.from('\r\n');
const HTTP_PREFIX = Buffer.from('HTTP/1.');
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A field value: visible characters, spaces and tabs, and obs-text; no other control character.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [\t\x20-\x7e\x80-\xff]*)?$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,12})[\t ]*(?:;[\t\x20-\x7e\x80-\xff]*)?$/;
// Whose repeats are joined with ", " (Node's rule for the rest: the first one counts; Set-Cookie: a list).
const LISTS = new Set(['cache-control', 'connection', 'transfer-encoding', 'vary', 'www-authenticate', 'via', 'warning', 'link']);

type State =
  | { at: 'head' }
  | { at: 'length'; left: number }
  | { at: 'chunk-size' }
  | { at: 'chunk'; left: number }
  | { at: 'chunk-end' }
  | { at: 'trailers' }
  | { at: 'until-close' }
  | { at: 'done' };

export class ReplyParser {
  #state: State = { at: 'head' };
  #held: Buffer = Buffer.alloc(0);
  #lineBytes = 0; // head or trailer bytes so far, against the limit
  #reusable = false;

  constructor(
    private readonly events: ReplyEvents,
    private readonly maxHeadBytes: number,
  ) {}

  get done(): boolean {
    return this.#state.at === 'done';
  }

  // Bytes as they arrive. Throws a ParseError. Bytes after a whole reply were asked for by nobody:
  // the reply stands, and its connection carries no other.
  push(bytes: Buffer): void {
    if (this.done) throw new ParseError('HPE_INVALID_CONSTANT', 'bytes after the reply');
    let input = this.#held.length > 0 ? Buffer.concat([this.#held, bytes]) : bytes;
    this.#held = Buffer.alloc(0);
    while (input.length > 0 && !this.done) {
      const used = this.#step(input);
      if (used < 0) {
        this.#held = input;
        return;
      }
      input = input.subarray(used);
    }
    if (this.done) this.events.end(this.#reusable && input.length === 0);
  }

  // The connection ended: the end of a body read until then; otherwise the reply was cut short.
  finish(): void {
    if (this.#state.at === 'until-close') {
      this.#state = { at: 'done' };
      this.events.end(false);
      return;
    }
    if (this.#state.at !== 'done' || this.#held.length > 0) throw Object.assign(new Error('the reply ended early'), { code: 'ECONNRESET' });
  }

  // Consumes from `input`, returning how many bytes it used, or -1 when it needs more.
  #step(input: Buffer): number {
    const state = this.#state;
    switch (state.at) {
      case 'head':
      case 'trailers':
        return this.#line(input, state.at);
      case 'length': {
        const take = Math.min(state.left, input.length);
        this.events.data(input.subarray(0, take));
        state.left -= take;
        if (state.left === 0) this.#finished();
        return take;
      }
      case 'chunk-size': {
        const end = this.#lineEnd(input, 'HPE_CHUNK_SIZE_OVERFLOW');
        if (end < 0) return -1;
        const match = CHUNK_SIZE.exec(input.toString('latin1', 0, end));
        if (match === null) throw new ParseError('HPE_INVALID_CHUNK_SIZE', 'an invalid chunk size');
        const size = parseInt(match[1]!, 16);
        this.#state = size === 0 ? { at: 'trailers' } : { at: 'chunk', left: size };
        this.#lineBytes = 0;
        return end + 2;
      }
      case 'chunk': {
        const take = Math.min(state.left, input.length);
        this.events.data(input.subarray(0, take));
        state.left -= take;
        if (state.left === 0) this.#state = { at: 'chunk-end' };
        return take;
      }
      case 'chunk-end': {
        if (input.length < 2) return input[0] === 0x0d ? -1 : this.#fail('HPE_STRICT', 'no line break after a chunk');
        if (input[0] !== 0x0d || input[1] !== 0x0a) this.#fail('HPE_STRICT', 'no line break after a chunk');
        this.#state = { at: 'chunk-size' };
        return 2;
      }
      case 'until-close':
        this.events.data(input);
        return input.length;
      case 'done':
        return 0;
    }
  }

  // The end of the line at the start of `input` (before its CRLF), or -1; a line may not grow past
  // what is left of the head's limit.
  #lineEnd(input: Buffer, overflow: string): number {
    const end = input.indexOf(CRLF);
    const length = end < 0 ? input.length : end + 2;
    if (this.#lineBytes + length > this.maxHeadBytes) this.#fail(overflow, 'the reply’s headers are too large');
    // A bare LF or CR inside a line is no line break: refused, as a strict parser does. Also before
    // the line's CRLF has come (only a CR that ends the bytes so far may be half of one): a server
    // that ends its lines with LF alone sends no CRLF, and would be waited on until the deadline.
    const line = end >= 0 ? input.subarray(0, end) : input.subarray(0, input[input.length - 1] === 0x0d ? -1 : input.length);
    if (line.includes(0x0a) || line.includes(0x0d)) this.#fail('HPE_LF_EXPECTED', 'a bare line break');
    return end;
  }

  #headLines: string[] = [];

  #line(input: Buffer, part: 'head' | 'trailers'): number {
    // Not HTTP at all (an SSH or SMTP banner, TLS bytes): said at the first byte that differs.
    const first = part === 'head' && this.#headLines.length === 0;
    if (first && !HTTP_PREFIX.subarray(0, input.length).equals(input.subarray(0, HTTP_PREFIX.length))) {
      this.#fail('HPE_INVALID_CONSTANT', 'not an HTTP/1.1 reply');
    }
    const end = this.#lineEnd(input, 'HPE_HEADER_OVERFLOW');
    if (end < 0) return -1;
    this.#lineBytes += end + 2;
    if (end > 0) {
      const line = input.toString('latin1', 0, end);
      if (first && !STATUS_LINE.test(line)) this.#fail('HPE_INVALID_CONSTANT', 'not an HTTP/1.1 reply');
      this.#headLines.push(line);
      return end + 2;
    }
    const lines = this.#headLines;
    this.#headLines = [];
    this.#lineBytes = 0;
    if (part === 'trailers') {
      this.#fields(lines); // checked, not kept
      this.#finished();
    } else this.#head(lines);
    return 2;
  }

  #head(lines: string[]): void {
    const status = STATUS_LINE.exec(lines[0] ?? '');
    if (status === null) this.#fail('HPE_INVALID_CONSTANT', 'not an HTTP/1.1 reply');
    const minor = status[1]!;
    const code = Number(status[2]);
    const headers = this.#fields(lines.slice(1));
    // An interim reply (100 Continue, 103 Early Hints): the real one follows. Never an upgrade.
    if (code === 101) this.#fail('HPE_INVALID_CONSTANT', 'an upgrade nobody asked for');
    if (code >= 100 && code < 200) return;
    if (code < 100) this.#fail('HPE_INVALID_STATUS', 'an invalid status');
    const connection = listOf(headers['connection']);
    this.#reusable = minor === '1' ? !connection.includes('close') : connection.includes('keep-alive');
    const encodings = listOf(headers['transfer-encoding']);
    const length = headers['content-length'];
    this.events.head(code, headers);
    if (code === 204 || code === 304) return this.#finished();
    if (encodings.length > 0) {
      if (length !== undefined) this.#fail('HPE_UNEXPECTED_CONTENT_LENGTH', 'both a length and a transfer encoding');
      if (encodings.at(-1) === 'chunked') this.#state = { at: 'chunk-size' };
      else this.#untilClose();
      return;
    }
    if (length === undefined) return this.#untilClose();
    if (typeof length !== 'string' || !/^\d{1,15}$/.test(length)) this.#fail('HPE_INVALID_CONTENT_LENGTH', 'an invalid length');
    const left = Number(length);
    if (left === 0) this.#finished();
    else this.#state = { at: 'length', left };
  }

  // Header lines as Node shows them: lower-case names; a repeated Content-Length must agree.
  #fields(lines: string[]): ReplyHeaders {
    const headers: ReplyHeaders = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).replace(/^[\t ]+|[\t ]+$/g, '');
      if (colon <= 0 || !TOKEN.test(name)) this.#fail('HPE_INVALID_HEADER_TOKEN', 'an invalid header name');
      if (!FIELD_VALUE.test(value)) this.#fail('HPE_INVALID_HEADER_TOKEN', 'an invalid header value');
      const seen = headers[name];
      if (seen === undefined) headers[name] = name === 'set-cookie' ? [value] : value;
      else if (name === 'content-length') {
        if (seen !== value) this.#fail('HPE_UNEXPECTED_CONTENT_LENGTH', 'two different lengths');
      } else if (Array.isArray(seen)) seen.push(value);
      else if (LISTS.has(name)) headers[name] = `${seen}, ${value}`;
    }
    return headers;
  }

  #untilClose(): void {
    this.#reusable = false;
    this.#state = { at: 'until-close' };
  }

  // push() says so once its bytes are used: whether any are left decides whether the connection is reusable.
  #finished(): void {
    this.#state = { at: 'done' };
  }

  #fail(code: string, message: string): never {
    throw new ParseError(code, message);
  }
}

const listOf = (value: string | string[] | undefined): string[] =>
  (typeof value === 'string' ? value : '')
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '');
