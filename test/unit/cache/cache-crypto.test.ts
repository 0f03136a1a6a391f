// The cache files are ChaCha20-Poly1305 (RFC 8439) under an HKDF-SHA256 key. OpenSSL (node:crypto)
// seals them; noble's JavaScript opens a small one, so that reading a token does not load node:crypto,
// and OpenSSL a large one. Each direction is checked against the other implementation here.
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { createDecipheriv, createHash, createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashedName, seal, sealFile, unseal, unsealFile, type KeyInput } from '../../../src/cache/cache-crypto.js';

const input: KeyInput = { secret: 'a-client-secret-of-64-hex-digits-0123456789abcdef0123456789abcdef', info: 'secrets-run/token/v2|https://x/|id' };
const header = '{"v":2,"createdAt":1,"expiresAt":2}';
const keyFor = (salt: Uint8Array): Buffer => Buffer.from(hkdfSync('sha256', input.secret, salt, input.info, 32));
const SMALL = 'the-token ✓';
const LARGE = `{"folders":"${'x'.repeat(200 * 1024)}"}`; // past the size noble opens

// What noble seals, laid out as a cache file's payload: salt | nonce | ciphertext | tag.
const nobleSealed = (plaintext: string): Buffer => {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  return Buffer.concat([salt, nonce, chacha20poly1305(keyFor(salt), nonce, Buffer.from(header)).encrypt(Buffer.from(plaintext))]);
};

const openedByOpenSsl = (sealed: Buffer): string => {
  const [salt, nonce, body] = [sealed.subarray(0, 16), sealed.subarray(16, 28), sealed.subarray(28)];
  const decipher = createDecipheriv('chacha20-poly1305', keyFor(salt), nonce, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(header), { plaintextLength: body.length - 16 });
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
};

describe('cache crypto', () => {
  it('seals as RFC 8439 lays it out: what it seals, OpenSSL and noble open', () => {
    for (const plaintext of [SMALL, LARGE]) {
      const sealed = seal(input, header, plaintext);
      expect(openedByOpenSsl(sealed)).toBe(plaintext);
      const opened = chacha20poly1305(keyFor(sealed.subarray(0, 16)), sealed.subarray(16, 28), Buffer.from(header)).decrypt(sealed.subarray(28));
      expect(Buffer.from(opened).toString('utf8')).toBe(plaintext);
    }
  });

  it('opens what noble sealed and what OpenSSL sealed, small (noble opens it) and large (OpenSSL does)', () => {
    for (const plaintext of [SMALL, LARGE]) {
      expect(unseal(input, header, nobleSealed(plaintext))).toBe(plaintext);
      expect(unseal(input, header, seal(input, header, plaintext))).toBe(plaintext);
    }
  });

  it('a wrong key, info, header or byte, or a cut file, does not open, small or large', () => {
    for (const plaintext of [SMALL, LARGE]) {
      const sealed = seal(input, header, plaintext);
      expect(unseal({ ...input, secret: `${input.secret}x` }, header, sealed)).toBeUndefined();
      expect(unseal({ ...input, info: `${input.info}x` }, header, sealed)).toBeUndefined();
      expect(unseal(input, header.replace('"expiresAt":2', '"expiresAt":3'), sealed)).toBeUndefined();
      for (const at of [0, 16, 28, Math.floor(sealed.length / 2), sealed.length - 1]) {
        const edited = Buffer.from(sealed);
        edited[at]! ^= 1;
        expect(unseal(input, header, edited)).toBeUndefined();
      }
      expect(unseal(input, header, sealed.subarray(0, sealed.length - 1))).toBeUndefined();
    }
    expect(unseal(input, header, Buffer.alloc(44))).toBeUndefined();
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
