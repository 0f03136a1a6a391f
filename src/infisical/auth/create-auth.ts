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
export const createAuth = (credentials: Credentials, context: LoginContext): AuthMethod => {
  const { clientId, clientSecret, token } = credentials;
  const login = clientId !== undefined && clientSecret !== undefined ? universalAuth({ clientId, clientSecret }, context) : undefined;
  return new TokenSession(login, token);
};
