import { describe, expect, it } from 'vitest';
import { ListingMemo } from '../../../src/infisical/listing-memo.js';
import type { HttpReply } from '../../../src/infisical/transport/classify.js';

const reply = (status: number, headers: HttpReply['headers'], body = '', bytes?: Uint8Array): HttpReply => ({ status, headers, body, bytes });

describe('the listings kept between --watch polls', () => {
  it('keeps a 200 with its ETag, and gives its body back for a 304 to that path only', () => {
    const memo = new ListingMemo();
    memo.remember('/a', reply(200, { etag: '"t1"' }, '{"secrets":[]}'));
    expect(memo.tagFor('/a')).toBe('"t1"');
    expect(memo.tagFor('/b')).toBeUndefined();
    expect(memo.unchanged('/a', reply(304, {}))).toBe('{"secrets":[]}');
    expect(memo.unchanged('/a', reply(200, { etag: '"t2"' }, '{}'))).toBeUndefined();
    expect(memo.unchanged('/b', reply(304, {}))).toBeUndefined();
  });

  it('forgets a path whose reply has no ETag, is not a 200, or was read off-thread', () => {
    const memo = new ListingMemo();
    for (const next of [reply(200, {}, '{}'), reply(404, { etag: '"x"' }, '{}'), reply(200, { etag: '"big"' }, '', new Uint8Array(8))]) {
      memo.remember('/a', reply(200, { etag: '"t1"' }, '{}'));
      memo.remember('/a', next);
      expect(memo.tagFor('/a')).toBeUndefined();
    }
  });
});
