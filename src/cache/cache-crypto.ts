import type * as Crypto from 'node:crypto';

// node:crypto takes 4 to 10 ms to load, on the way to a run's first request: loaded at first use, so
// a run that opens no cache (a static INFISICAL_TOKEN, --no-token-cache) never pays it.
export const nodeCrypto = (): typeof Crypto => require('node:crypto') as typeof Crypto;

// The client secret is a 256-bit random string, so HKDF is enough to turn it into a key: a slow KDF
// (PBKDF2, scrypt) defends weak passwords, and would only add start-up time here. The salt is random
// per file; `info` binds the key to the server and the identity, so a file copied to another identity's
// name never decrypts. AES-256-GCM authenticates the header as associated data: its times cannot be
// edited to keep an old token alive.
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyInput {
  secret: string;
  info: string; // secrets-run/token/v1|addr|clientId
}

const keyOf = (input: KeyInput, salt: Buffer): Buffer => Buffer.from(nodeCrypto().hkdfSync('sha256', input.secret, salt, input.info, 32));

// salt | iv | tag | ciphertext
export const seal = (input: KeyInput, header: string, plaintext: string): Buffer => {
  const { randomBytes, createCipheriv } = nodeCrypto();
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(input, salt), iv);
  cipher.setAAD(Buffer.from(header, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([salt, iv, cipher.getAuthTag(), data]);
};

// The plaintext, or undefined for anything that does not authenticate (a wrong key, an edited header
// or body, a truncated file).
export const unseal = (input: KeyInput, header: string, sealed: Buffer): string | undefined => {
  if (sealed.length <= SALT_BYTES + IV_BYTES + TAG_BYTES) return undefined;
  const salt = sealed.subarray(0, SALT_BYTES);
  const iv = sealed.subarray(SALT_BYTES, SALT_BYTES + IV_BYTES);
  const tag = sealed.subarray(SALT_BYTES + IV_BYTES, SALT_BYTES + IV_BYTES + TAG_BYTES);
  try {
    const decipher = nodeCrypto().createDecipheriv('aes-256-gcm', keyOf(input, Buffer.from(salt)), iv);
    decipher.setAAD(Buffer.from(header, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(SALT_BYTES + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
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
export const hashedName = (prefix: string, of: string): string => `${prefix}-${nodeCrypto().createHash('sha256').update(of).digest('hex').slice(0, 32)}`;
