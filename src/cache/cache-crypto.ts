import type * as Crypto from 'node:crypto';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

// Reading a cache (naming its file, deriving its key, decrypting) is on the way to a run's first
// request, and node:crypto takes 4 to 10 ms to load there: noble's audited JavaScript does it in
// about 1 ms (docs/decisions.md, Token cache). node:crypto is loaded only to write a cache, for its
// random bytes, after the requests have gone out.
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

// salt | nonce | ciphertext and its tag.
export const seal = (input: KeyInput, header: string, plaintext: string): Buffer => {
  const { randomBytes } = nodeCrypto();
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  return Buffer.concat([salt, nonce, chacha20poly1305(keyOf(input, salt), nonce, utf8(header)).encrypt(utf8(plaintext))]);
};

// The plaintext, or undefined for anything that does not authenticate (a wrong key, an edited header
// or body, a truncated file, a file of the AES-GCM format before).
export const unseal = (input: KeyInput, header: string, sealed: Buffer): string | undefined => {
  if (sealed.length <= SALT_BYTES + NONCE_BYTES + TAG_BYTES) return undefined;
  const salt = sealed.subarray(0, SALT_BYTES);
  const nonce = sealed.subarray(SALT_BYTES, SALT_BYTES + NONCE_BYTES);
  try {
    const opened = chacha20poly1305(keyOf(input, salt), nonce, utf8(header)).decrypt(sealed.subarray(SALT_BYTES + NONCE_BYTES));
    return Buffer.from(opened.buffer, opened.byteOffset, opened.length).toString('utf8');
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
export const hashedName = (prefix: string, of: string): string =>
  `${prefix}-${Buffer.from(sha256(utf8(of)))
    .toString('hex')
    .slice(0, 32)}`;
