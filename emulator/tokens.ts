// Opaque access tokens with an expiry, standing in for Infisical's identity-access-token JWTs.
// Tokens are random and never logged; only the emulator's own map knows who they belong to.
import { randomBytes } from 'node:crypto';

export const DEFAULT_TTL_SECONDS = 7200;
export const DEFAULT_MAX_TTL_SECONDS = 2_592_000;

export interface TokenRecord {
  /** The machine identity the token was issued to, whichever login method it used. */
  identityId: string;
  ttlSeconds: number;
  /** Epoch ms at or after which the token is expired. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; record: TokenRecord } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export class TokenStore {
  private readonly live = new Map<string, TokenRecord>();
  private readonly revoked = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(identityId: string, ttlSeconds: number): string {
    const token = randomBytes(32).toString('base64url');
    this.live.set(token, { identityId, ttlSeconds, expiresAt: this.now() + ttlSeconds * 1000 });
    return token;
  }

  /** A token that never expires, as bootstrap's identity token and a seeded admin token are. */
  grant(token: string, identityId: string): void {
    this.live.set(token, { identityId, ttlSeconds: 0, expiresAt: Number.POSITIVE_INFINITY });
  }

  check(token: string): TokenCheck {
    if (this.revoked.has(token)) return { ok: false, reason: 'revoked' };
    const record = this.live.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (this.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, record };
  }

  revoke(token: string): boolean {
    if (!this.live.delete(token)) return false;
    this.revoked.add(token);
    return true;
  }
}
