import { githubIdToken } from '../routes/github-id-token.js';
import { identityLogin } from '../routes/identity-login.js';
import type { AuthChoice } from './choose-method.js';
import type { Login, LoginContext } from './universal-auth.js';

type OidcChoice = Extract<AuthChoice, { method: 'oidc-auth' }>;

// OIDC: an identity id and a JWT its identity provider signed. The JWT is INFISICAL_JWT as given, or a
// fresh GitHub Actions ID token fetched for every login (one more request, inside the deadline), so a
// re-login never presents an expired one.
export const oidcAuth = (choice: OidcChoice, context: LoginContext) => {
  const source = choice.jwt;
  const jwt = async (): Promise<string> => {
    if (source.from === 'variable') return source.value;
    const url = new URL(source.url);
    const runner = context.sendTo(url);
    const token = await githubIdToken(runner.send, url, source.requestToken, source.audience, runner.context);
    context.learned(token);
    return token;
  };
  return async (): Promise<Login> => {
    const token = await jwt();
    context.counted();
    const login = await identityLogin(context.send, 'oidc-auth', { identityId: choice.identityId, jwt: token }, context);
    context.learned(login.accessToken);
    return login;
  };
};
