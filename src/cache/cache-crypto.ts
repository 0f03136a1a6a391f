import type * as Crypto from 'node:crypto';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { textOf } from '../util/bytes.js';

// Reading a cache (naming its file, deriving its key, decrypting) is on the way to a run's first
// request, and node:crypto takes 4 to 10 ms to load there: noble's audited JavaScript does it in
// about 1 ms (docs/decisions.md, Speed). node:crypto is loaded to write a cache (for its random
// bytes, after the requests have gone out) and to open a large one.
export const nodeCrypto = (): typeof Crypto => require('node:crypto') as typeof Crypto;

// The client secret is a 256-bit random string, so HKDF is enough to turn it into a key: a slow KDF
// (PBKDF2, scrypt) defends weak passwords, and would only add start-up time here. The salt is random
// per file; `info` binds the key to the server and the identity, so a file copied to another identity's
// name never decrypts. ChaCha20-Poly1305 authenticates the header as associated data: its times cannot
// be edited to keep an old token alive. Not AES-GCM: in JavaScript, AES runs on lookup tables whose
// timing leaks the key to a neighbour on the same CPU, and building them cost more than loading
// node:crypto; ChaCha20 is additions, rotations and XORs only.
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyInput {
  secret: string;
  info: string; // secrets-run/token/v2|addr|clientId
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

const keyOf = (input: KeyInput, salt: Uint8Array): Uint8Array => hkdf(sha256, utf8(input.secret), salt, utf8(input.info), 32);

// Past this many bytes, OpenSSL's speed outweighs loading node:crypto: noble takes about 20 ms a MiB
// each way here, and an offline cache may hold megabytes. A token file is a few hundred bytes.
const NOBLE_MAX_BYTES = 64 * 1024;

// salt | nonce | ciphertext and its tag. Writing loads node:crypto anyway (for the random bytes), so
// OpenSSL seals; the bytes are the same as noble's (RFC 8439), which a test checks.
export const seal = (input: KeyInput, header: string, plaintext: string): Buffer => {
  const { randomBytes, createCipheriv } = nodeCrypto();
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const data = utf8(plaintext);
  const cipher = createCipheriv('chacha20-poly1305', keyOf(input, salt), nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(utf8(header), { plaintextLength: data.length });
  return Buffer.concat([salt, nonce, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
};

// The plaintext, or undefined for anything that does not authenticate (a wrong key, an edited header
// or body, a truncated file, a file of the AES-GCM format before).
export const unseal = (input: KeyInput, header: string, sealed: Buffer): string | undefined => {
  if (sealed.length <= SALT_BYTES + NONCE_BYTES + TAG_BYTES) return undefined;
  const salt = sealed.subarray(0, SALT_BYTES);
  const nonce = sealed.subarray(SALT_BYTES, SALT_BYTES + NONCE_BYTES);
  const body = sealed.subarray(SALT_BYTES + NONCE_BYTES);
  try {
    const key = keyOf(input, salt);
    if (body.length <= NOBLE_MAX_BYTES) {
      return textOf(chacha20poly1305(key, nonce, utf8(header)).decrypt(body));
    }
    const tagAt = body.length - TAG_BYTES;
    const decipher = nodeCrypto().createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(utf8(header), { plaintextLength: tagAt });
    decipher.setAuthTag(body.subarray(tagAt));
    return Buffer.concat([decipher.update(body.subarray(0, tagAt)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
};

// A cache file: one line of header (JSON, readable, the AEAD's associated data), then the sealed
// payload in base64. Both caches write this shape.
export const sealFile = (input: KeyInput, header: string, plaintext: string): Buffer =>
  Buffer.from(`${header}\n${seal(input, header, plaintext).toString('base64')}\n`, 'utf8');

// The header line and the payload, or undefined when the file has no header line or does not
// authenticate. The header is the caller's to check.
export const unsealFile = (input: KeyInput, bytes: Buffer): { header: string; plaintext: string } | undefined => {
  const text = bytes.toString('utf8');
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  const header = text.slice(0, newline);
  const plaintext = unseal(input, header, Buffer.from(text.slice(newline + 1).trim(), 'base64'));
  return plaintext === undefined ? undefined : { header, plaintext };
};

// A cache file's name: a prefix and 32 hex digits of SHA-256 over what it belongs to, so a listing of
// the directory names no server, project or identity.
export const hashedName = (prefix: string, of: string): string => `${prefix}-${textOf(sha256(utf8(of)), 'hex').slice(0, 32)}`;
