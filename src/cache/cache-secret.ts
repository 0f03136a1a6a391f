type Env = Readonly<Record<string, string | undefined>>;

// What an encrypted cache file is keyed with, and which identity it belongs to (part of its name and of
// the key's HKDF info).
export interface CacheSecret {
  identity: string;
  secret: string;
}

export interface CacheSecretInput {
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  token?: string | undefined;
  identityId?: string | undefined; // OIDC and Kubernetes logins: the machine identity's id
}

// HKDF is no password hash: the secret it starts from must already be strong. A client secret and an
// access token are long random strings; a key the user gives must be at least this long.
export const MIN_CACHE_KEY_BYTES = 32;

// The secret a cache file of this identity is keyed with, or undefined when there is none worth
// keying a file with:
// - Universal Auth: the client secret, for the client id;
// - INFISICAL_TOKEN alone: the token itself, for the identity `token`;
// - a login that stores no secret (OIDC, Kubernetes): SECRETS_RUN_CACHE_KEY (32 bytes or more), for
//   the identity id. A JWT or a service-account token changes at every rotation, and would leave
//   every file undecryptable; a key sitting beside them would protect nothing.
export const cacheSecret = (input: CacheSecretInput, env: Env): CacheSecret | undefined => {
  if (input.clientId !== undefined && input.clientSecret !== undefined) return { identity: input.clientId, secret: input.clientSecret };
  if (input.token !== undefined) return { identity: 'token', secret: input.token };
  const key = env['SECRETS_RUN_CACHE_KEY'];
  if (input.identityId !== undefined && key !== undefined && Buffer.byteLength(key, 'utf8') >= MIN_CACHE_KEY_BYTES)
    return { identity: input.identityId, secret: key };
  return undefined;
};
