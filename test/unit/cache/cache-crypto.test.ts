// The cache files' crypto is noble's JavaScript (so that reading a cache does not load node:crypto):
// checked here against OpenSSL's ChaCha20-Poly1305, HKDF and SHA-256 through node:crypto, both ways.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashedName, seal, sealFile, unseal, unsealFile, type KeyInput } from '../../../src/cache/cache-crypto.js';

const input: KeyInput = { secret: 'a-client-secret-of-64-hex-digits-0123456789abcdef0123456789abcdef', info: 'secrets-run/token/v2|https://x/|id' };
const header = '{"v":2,"createdAt":1,"expiresAt":2}';
const keyFor = (salt: Buffer): Buffer => Buffer.from(hkdfSync('sha256', input.secret, salt, input.info, 32));

describe('cache crypto', () => {
  it('what it seals, OpenSSL opens: salt | nonce | ciphertext | tag, the header as associated data', () => {
    const sealed = seal(input, header, 'the-token ✓');
    const [salt, nonce, body] = [sealed.subarray(0, 16), sealed.subarray(16, 28), sealed.subarray(28)];
    const decipher = createDecipheriv('chacha20-poly1305', keyFor(salt), nonce, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(header), { plaintextLength: body.length - 16 });
    decipher.setAuthTag(body.subarray(body.length - 16));
    expect(Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8')).toBe('the-token ✓');
  });

  it('what OpenSSL seals, it opens; a wrong key, header or byte does not', () => {
    const salt = randomBytes(16);
    const nonce = randomBytes(12);
    const cipher = createCipheriv('chacha20-poly1305', keyFor(salt), nonce, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(header), { plaintextLength: Buffer.byteLength('the-token') });
    const body = Buffer.concat([cipher.update('the-token', 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([salt, nonce, body, cipher.getAuthTag()]);
    expect(unseal(input, header, sealed)).toBe('the-token');
    expect(unseal({ ...input, secret: `${input.secret}x` }, header, sealed)).toBeUndefined();
    expect(unseal({ ...input, info: `${input.info}x` }, header, sealed)).toBeUndefined();
    expect(unseal(input, header.replace('"expiresAt":2', '"expiresAt":3'), sealed)).toBeUndefined();
    for (const at of [0, 16, 28, sealed.length - 1]) {
      const edited = Buffer.from(sealed);
      edited[at]! ^= 1;
      expect(unseal(input, header, edited)).toBeUndefined();
    }
    expect(unseal(input, header, sealed.subarray(0, 44))).toBeUndefined();
  });

  it('a file of the AES-256-GCM format before does not open', () => {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keyFor(salt), iv);
    cipher.setAAD(Buffer.from(header));
    const body = Buffer.concat([cipher.update('the-token', 'utf8'), cipher.final()]);
    const old = Buffer.from(`${header}\n${Buffer.concat([salt, iv, cipher.getAuthTag(), body]).toString('base64')}\n`);
    expect(unsealFile(input, old)).toBeUndefined();
    expect(unsealFile(input, sealFile(input, header, 'the-token'))).toEqual({ header, plaintext: 'the-token' });
  });

  it("names a file by SHA-256, as node:crypto's", () => {
    const of = 'https://infisical.example/|client-id';
    expect(hashedName('token', of)).toBe(`token-${createHash('sha256').update(of).digest('hex').slice(0, 32)}`);
  });
});
