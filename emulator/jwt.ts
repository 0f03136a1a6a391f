// Just enough JWT for the emulator's test issuer: RS256 signing and verifying with node:crypto, and
// the glob matching Infisical applies to bound subjects, audiences and claims. Dependency-free, as
// the emulator bundle is.
import { createSign, createVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

export interface DecodedJwt {
  header: { alg?: unknown; kid?: unknown; [k: string]: unknown };
  payload: JwtClaims;
  /** `header.payload`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

export function signJwt(payload: JwtClaims, privateKey: KeyObject, kid?: string): string {
  const header = kid === undefined ? { alg: 'RS256', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(privateKey);
  return `${input}.${b64url(signature)}`;
}

function parsePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Undefined when the text is not three dot-separated parts with JSON-object header and payload (jsonwebtoken's decode). */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const header = parsePart(h);
  const payload = parsePart(p);
  if (!isObject(header) || !isObject(payload)) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

export function signatureValid(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  if (jwt.header.alg !== 'RS256') return false;
  return createVerify('RSA-SHA256').update(jwt.signingInput).verify(publicKey, jwt.signature);
}

/** jsonwebtoken's time checks, in its words: expired once now >= exp, not active while now < nbf. */
export function timeProblem(payload: JwtClaims, nowSeconds: number): string | undefined {
  if (typeof payload.exp === 'number' && nowSeconds >= payload.exp) return 'jwt expired';
  if (typeof payload.nbf === 'number' && nowSeconds < payload.nbf) return 'jwt not active';
  return undefined;
}

/** The token's `aud` as a list: a JWT may carry one audience or several. */
export function audiences(payload: JwtClaims): string[] {
  const aud = payload.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

function segmentRegex(segment: string): string {
  return segment
    .split(/(\*+|\?)/)
    .map((piece) => (piece === '?' ? '[^/]' : piece.startsWith('*') ? '[^/]*' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
}

/**
 * Infisical matches with picomatch: `*` and `?` stop at `/`, and `**` crosses `/` only as a whole
 * path segment, so `repo:acme/app:*` does NOT match `repo:acme/app:ref:refs/heads/main` there either.
 * Braces and extglobs are not modelled.
 */
export function globMatch(value: string, pattern: string): boolean {
  if (value === pattern) return true;
  const segs = pattern.split('/');
  let re = '';
  segs.forEach((seg, i) => {
    const afterLeadingGlobstar = i === 1 && segs[0] === '**';
    if (seg !== '**') re += (i === 0 || afterLeadingGlobstar ? '' : '/') + segmentRegex(seg);
    else if (segs.length === 1) re += '.*';
    else if (i === 0) re += '(?:.*/)?';
    else re += '(?:/.*)?';
  });
  return new RegExp(`^${re}$`).test(value);
}

/** A dotted path into the claims (`kubernetes.io.namespace`), as Infisical's getValueByDot reads bound claims. */
export function claimAt(payload: JwtClaims, path: string): unknown {
  if (path in payload) return payload[path];
  let at: unknown = payload;
  for (const key of path.split('.')) {
    if (!isObject(at)) return undefined;
    at = at[key];
  }
  return at;
}
