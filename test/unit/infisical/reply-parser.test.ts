// The HTTP/1.1 reply parser (src/infisical/transport/reply-parser.ts): every framing a server may use,
// the same whether the bytes come at once or one at a time, and every malformed reply refused with
// the code Node's own parser gives.
import { describe, expect, it } from 'vitest';
import { ParseError, ReplyParser, type ReplyHeaders } from '../../../src/infisical/transport/reply-parser.js';

interface Seen {
  status?: number;
  headers?: ReplyHeaders;
  body: string;
  ended?: boolean; // reusable
  error?: string; // a ParseError's code, or the error's code
}

// Feeds `text` in pieces of `step` bytes (0: all at once), then the connection's end when `close`.
const read = (text: string, { step = 0, close = false } = {}): Seen => {
  const seen: Seen = { body: '' };
  const parser = new ReplyParser(
    {
      head: (status, headers) => Object.assign(seen, { status, headers }),
      data: (chunk) => void (seen.body += chunk.toString('latin1')),
      end: (reusable) => void (seen.ended = reusable),
    },
    16 * 1024,
  );
  const bytes = Buffer.from(text, 'latin1');
  try {
    const size = step === 0 ? bytes.length : step;
    for (let at = 0; at < bytes.length && seen.ended === undefined; at += size) parser.push(bytes.subarray(at, at + size));
    if (close) parser.finish();
  } catch (error) {
    seen.error = error instanceof ParseError ? error.code : (error as { code: string }).code;
  }
  return seen;
};

// The same reply read whole, and a byte at a time.
const both = (text: string, options: { close?: boolean } = {}): Seen => {
  const whole = read(text, options);
  expect(read(text, { ...options, step: 1 })).toEqual(whole);
  expect(read(text, { ...options, step: 7 })).toEqual(whole);
  return whole;
};

describe('reply parser: framing', () => {
  it('a body of a given length; the connection reusable', () => {
    expect(both('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"a":"b c"}')).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json', 'content-length': '11' },
      body: '{"a":"b c"}',
      ended: true,
    });
  });

  it('a chunked body, with chunk extensions and trailers', () => {
    const seen = both('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: 1\r\n\r\n');
    expect(seen).toMatchObject({ status: 200, body: 'hello, world!!!', ended: true });
  });

  it('a body until the connection ends: whole at the end, and no reuse', () => {
    expect(both('HTTP/1.1 200 OK\r\n\r\nall of it', { close: true })).toMatchObject({ body: 'all of it', ended: false });
    expect(both('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz', { close: true })).toMatchObject({ body: 'xyz', ended: false });
  });

  it('interim replies are skipped; 204 and 304 have no body whatever their length says', () => {
    expect(both('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')).toMatchObject({
      status: 200,
      body: 'ok',
      ended: true,
    });
    expect(both('HTTP/1.1 304 Not Modified\r\nContent-Length: 500\r\nETag: "v2"\r\n\r\n')).toMatchObject({ status: 304, body: '', ended: true });
    expect(both('HTTP/1.1 204 No Content\r\n\r\n')).toMatchObject({ status: 204, body: '', ended: true });
  });

  it('Connection: close, and HTTP/1.0 without keep-alive: the connection is not reused', () => {
    expect(both('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').ended).toBe(false);
    expect(both('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').ended).toBe(false);
    expect(both('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n').ended).toBe(true);
  });

  it('bytes after a whole reply: the reply stands, the connection is not reused', () => {
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK')).toMatchObject({ body: 'ok', ended: false });
  });

  it('headers as Node shows them: names in lower case, Set-Cookie a list, lists joined, others the first', () => {
    const seen = both(
      'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nVary: x\r\nVary: y\r\nETag: "1"\r\nETag: "2"\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n',
    );
    expect(seen.headers).toEqual({ 'set-cookie': ['a=1', 'b=2'], vary: 'x, y', etag: '"1"', 'x-empty': '', 'content-length': '0' });
  });

  it('a repeated Content-Length that agrees is one length', () => {
    expect(both('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok').body).toBe('ok');
  });
});

describe('reply parser: refused', () => {
  const refused: [string, string, string][] = [
    ['an SSH banner', 'SSH-2.0-OpenSSH_9.6\r\n', 'HPE_INVALID_CONSTANT'],
    ['TLS bytes on a plain connection', '\x16\x03\x01\x02\x00\x01', 'HPE_INVALID_CONSTANT'],
    ['HTTP/2 preface', 'HTTP/2 200\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    ['a status that is not three digits', 'HTTP/1.1 20 OK\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    ['a status under 100', 'HTTP/1.1 099 Odd\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['an upgrade', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    [
      'a length and a transfer encoding',
      'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'HPE_UNEXPECTED_CONTENT_LENGTH',
    ],
    ['two different lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd', 'HPE_UNEXPECTED_CONTENT_LENGTH'],
    ['a negative length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', 'HPE_INVALID_CONTENT_LENGTH'],
    ['a header name with a space', 'HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['a folded header line', 'HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['a control character in a value', 'HTTP/1.1 200 OK\r\nX-A: a\x00b\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['a bare line feed', 'HTTP/1.1 200 OK\r\nX-A: 1\nX-B: 2\r\n\r\n', 'HPE_LF_EXPECTED'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['a chunk without its line break', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n', 'HPE_STRICT'],
  ];
  it.each(refused)('%s', (_, text, code) => {
    expect(read(text).error).toBe(code);
    expect(read(text, { step: 1 }).error).toBe(code);
  });

  it('lines ended by LF alone, or a bare CR: refused as soon as they arrive, not waited on for a CRLF', () => {
    // No `close`: a keep-alive server that ends its lines with LF sends nothing more; waiting would
    // end only at the deadline, as a timeout (retried, hedged) instead of a reply that is not HTTP.
    for (const text of ['HTTP/1.1 200 OK\nContent-Length: 2\n\nok', 'HTTP/1.1 200 OK\rContent-Length: 2\r\r', 'HTTP/1.1 200 OK\r\nX-A: 1\n']) {
      expect(read(text).error).toBe('HPE_LF_EXPECTED');
      expect(read(text, { step: 1 }).error).toBe('HPE_LF_EXPECTED');
    }
    const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nok\n';
    expect(read(chunked).error).toBe('HPE_LF_EXPECTED');
    expect(read(chunked, { step: 1 }).error).toBe('HPE_LF_EXPECTED');
    // A CR that ends what has arrived so far may be a CRLF's first half.
    expect(read('HTTP/1.1 200 OK\r', { step: 1 }).error).toBeUndefined();
  });

  it('headers over the limit, however they arrive', () => {
    const big = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\nContent-Length: 0\r\n\r\n`;
    expect(read(big).error).toBe('HPE_HEADER_OVERFLOW');
    expect(read(big, { step: 1000 }).error).toBe('HPE_HEADER_OVERFLOW');
    const many = `HTTP/1.1 200 OK\r\n${'X-A: 1234567890\r\n'.repeat(1200)}\r\n`;
    expect(read(many, { step: 100 }).error).toBe('HPE_HEADER_OVERFLOW');
  });

  it('a reply cut short: a reset, at every point before its end', () => {
    const whole = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n';
    for (let cut = 0; cut < whole.length; cut++) expect(read(whole.slice(0, cut), { close: true }).error).toBe('ECONNRESET');
    expect(read(whole, { close: true }).error).toBeUndefined();
    expect(read('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort', { close: true }).error).toBe('ECONNRESET');
  });
});
