// The emulator's own token issuer: one RSA key (RS256, with a kid) that signs the test OIDC tokens,
// the Kubernetes service-account tokens and the GitHub Actions stand-in's ID tokens, and that the
// OIDC and Kubernetes logins verify against. The key is made on first use, so an emulator that never
// meets a JWT does not pay for an RSA key generation.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { signJwt } from './jwt.js';
import type { JwtClaims } from './jwt.js';
import { stableId } from './seed.js';
import type { JwtRequest, ServiceAccountRequest } from './types.js';

export const OIDC_PATH = '/_emulator/oidc';
/** A cluster's default service-account issuer and API audience. */
export const KUBERNETES_ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const DEFAULT_JWT_TTL_SECONDS = 300;

interface Keys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export class Issuer {
  private keys: Keys | undefined;
  private baseUrl = '';

  constructor(private readonly now: () => number) {}

  /** Known only once the server listens. */
  setBaseUrl(url: string): void {
    this.baseUrl = url;
  }

  get url(): string {
    return `${this.baseUrl}${OIDC_PATH}`;
  }

  private key(): Keys {
    if (!this.keys) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.keys = { kid: randomBytes(8).toString('hex'), privateKey, publicKey };
    }
    return this.keys;
  }

  get kid(): string {
    return this.key().kid;
  }

  get publicKey(): KeyObject {
    return this.key().publicKey;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }

  discovery(): Record<string, unknown> {
    return {
      issuer: this.url,
      jwks_uri: `${this.url}/jwks`,
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
    };
  }

  /** Signs `claims` with iat and exp (now + expiresInSeconds, default 300 s, on the emulator's clock); iss defaults to this issuer. */
  issue(request: JwtRequest = {}, options: { omitKid?: boolean } = {}): string {
    const { expiresInSeconds, ...claims } = request;
    const iat = Math.floor(this.now() / 1000);
    const payload: JwtClaims = { iss: this.url, ...claims, iat, exp: iat + (expiresInSeconds ?? DEFAULT_JWT_TTL_SECONDS) };
    const { privateKey, kid } = this.key();
    return signJwt(payload, privateKey, options.omitKid ? undefined : kid);
  }

  /** A projected service-account token as a cluster would mount it. */
  serviceAccountToken(request: ServiceAccountRequest): string {
    const { namespace, name } = request;
    const iat = Math.floor(this.now() / 1000);
    const aud = request.aud ?? [KUBERNETES_ISSUER];
    return this.issue({
      iss: KUBERNETES_ISSUER,
      sub: `system:serviceaccount:${namespace}:${name}`,
      aud: typeof aud === 'string' ? [aud] : aud,
      nbf: iat,
      'kubernetes.io': { namespace, serviceaccount: { name, uid: stableId('serviceaccount', namespace, name) } },
      expiresInSeconds: request.expiresInSeconds ?? 3600,
    });
  }
}
