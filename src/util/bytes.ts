// A Uint8Array's bytes as text, read in place: Buffer.from(view) would copy them, and the views here
// (a decrypted token, a listing's body, a SHA-256 digest) may sit inside a larger buffer.
export const textOf = (bytes: Uint8Array, encoding: BufferEncoding = 'utf8'): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
