import type { TokenStore } from '../../cache/token-cache.js';
import type { AuthMethod } from './auth-method.js';
import { TokenSession } from './session.js';
import { universalAuth, type LoginContext } from './universal-auth.js';

export interface Credentials {
  clientId?: string;
  clientSecret?: string;
  token?: string;
}

// The methods there are today: `token` (INFISICAL_TOKEN, used as it is, never renewed) and
// `universal-auth` (INFISICAL_CLIENT_ID and _SECRET). With both, the token is used first and a
// refusal of it logs in with the client credentials once.
//
// Universal Auth with a token cache (never with INFISICAL_TOKEN): a cached token stands in for the
// login, so a launch within the token's lifetime makes none; a fresh login's token is cached; a
// refused one is removed before the single re-login (README.md, Talking to Infisical).
export const createAuth = (credentials: Credentials, context: LoginContext, openCache?: () => TokenStore | undefined): AuthMethod => {
  const { clientId, clientSecret, token } = credentials;
  if (clientId === undefined || clientSecret === undefined) return new TokenSession(undefined, token);
  const login = universalAuth({ clientId, clientSecret }, context);
  const cache = token === undefined ? openCache?.() : undefined;
  if (cache === undefined) return new TokenSession(async () => (await login()).accessToken, token);
  const cached = cache.read();
  if (cached !== undefined) context.learned(cached);
  const loginAndKeep = async (): Promise<string> => {
    const fresh = await login();
    cache.write(fresh.accessToken, fresh.expiresIn);
    return fresh.accessToken;
  };
  return new TokenSession(loginAndKeep, cached, () => cache.remove());
};
