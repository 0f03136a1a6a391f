import { describe, expect, it } from 'vitest';
import { chooseAuthMethod, DEFAULT_KUBERNETES_TOKEN_PATH } from '../../../src/infisical/auth/choose-method.js';
import type { InfisicalConfig } from '../../../src/infisical/types.js';

const named = (name: string, value: string) => ({ name, value });
const UA = { clientId: named('INFISICAL_CLIENT_ID', 'cid'), clientSecret: named('INFISICAL_CLIENT_SECRET', 'csecret') };
const TOKEN = { token: named('INFISICAL_TOKEN', 'tok') };
const IDENTITY = { identityId: named('INFISICAL_MACHINE_IDENTITY_ID', 'ident') };
const JWT = { jwt: named('INFISICAL_JWT', 'eyJ.jwt') };
const GITHUB = {
  githubRequestUrl: named('ACTIONS_ID_TOKEN_REQUEST_URL', 'https://runner.test/idtoken?api-version=2.0'),
  githubRequestToken: named('ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'req-tok'),
};
const none = () => false;
const all = () => true;
const method = (config: InfisicalConfig, readable: (path: string) => boolean = none) => {
  const decision = chooseAuthMethod(config, readable);
  return 'choice' in decision ? decision.choice.method : `problem: ${decision.problem}`;
};

describe('choosing how to log in', () => {
  it('auto-detects in the documented order: token, universal-auth, OIDC with a JWT, OIDC from GitHub, Kubernetes', () => {
    expect(method({ ...TOKEN, ...UA, ...IDENTITY, ...JWT, ...GITHUB }, all)).toBe('token');
    expect(method({ ...UA, ...IDENTITY, ...JWT, ...GITHUB }, all)).toBe('universal-auth');
    expect(method({ ...IDENTITY, ...JWT, ...GITHUB }, all)).toBe('oidc-auth');
    const github = chooseAuthMethod({ ...IDENTITY, ...GITHUB, oidcAudience: named('INFISICAL_OIDC_AUDIENCE', 'aud-x') }, all);
    expect(github).toEqual({
      choice: {
        method: 'oidc-auth',
        identityId: 'ident',
        jwt: { from: 'github', url: GITHUB.githubRequestUrl.value, requestToken: 'req-tok', audience: 'aud-x' },
      },
    });
    expect(method({ ...IDENTITY }, (path) => path === DEFAULT_KUBERNETES_TOKEN_PATH)).toBe('kubernetes');
  });

  it('a JWT beats GitHub variables for OIDC; a token keeps client credentials for its one re-login', () => {
    expect(chooseAuthMethod({ ...IDENTITY, ...JWT, ...GITHUB }, none)).toEqual({
      choice: { method: 'oidc-auth', identityId: 'ident', jwt: { from: 'variable', value: 'eyJ.jwt' } },
    });
    expect(chooseAuthMethod({ ...TOKEN, ...UA }, none)).toEqual({
      choice: { method: 'token', token: 'tok', fallback: { clientId: 'cid', clientSecret: 'csecret' } },
    });
  });

  it('INFISICAL_AUTH_METHOD chooses, case aside, and says what the chosen method lacks', () => {
    const asked = (value: string) => ({ authMethod: named('INFISICAL_AUTH_METHOD', value) });
    expect(method({ ...asked('Kubernetes'), ...UA, ...IDENTITY }, all)).toBe('kubernetes');
    expect(method({ ...asked('oidc-auth'), ...UA })).toBe(
      'problem: INFISICAL_AUTH_METHOD is oidc-auth, which needs INFISICAL_MACHINE_IDENTITY_ID and INFISICAL_JWT (or ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN in GitHub Actions)',
    );
    expect(method({ ...asked('kubernetes'), ...IDENTITY, kubernetesTokenPath: named('INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH', '/tok') })).toBe(
      'problem: INFISICAL_AUTH_METHOD is kubernetes, which needs a readable service-account token at /tok (INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH)',
    );
    expect(method({ ...asked('aws-iam'), ...UA })).toBe("problem: INFISICAL_AUTH_METHOD is 'aws-iam', not one of universal-auth, oidc-auth, kubernetes, token");
    expect(method({ ...asked('constructor'), ...UA })).toMatch(/not one of/);
    expect(method({ ...asked('token'), ...UA })).toBe('problem: INFISICAL_AUTH_METHOD is token, which needs INFISICAL_TOKEN');
  });

  it('with nothing usable, names what was seen (by the variable it came from) and what is missing', () => {
    expect(method({})).toMatch(/^problem: no credentials are set/);
    expect(method({ clientId: named('INFISICAL_UNIVERSAL_AUTH_CLIENT_ID', 'cid') })).toBe(
      'problem: no way to log in with what is set (INFISICAL_UNIVERSAL_AUTH_CLIENT_ID): universal-auth needs INFISICAL_CLIENT_SECRET',
    );
    expect(method({ ...IDENTITY })).toBe(
      'problem: no way to log in with what is set (INFISICAL_MACHINE_IDENTITY_ID): oidc-auth needs INFISICAL_JWT (or ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN in GitHub Actions); ' +
        `kubernetes needs a readable service-account token at ${DEFAULT_KUBERNETES_TOKEN_PATH} (INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH)`,
    );
    expect(method({ jwt: named('INFISICAL_OIDC_AUTH_JWT', 'x') })).toBe(
      'problem: no way to log in with what is set (INFISICAL_OIDC_AUTH_JWT): oidc-auth needs INFISICAL_MACHINE_IDENTITY_ID',
    );
  });
});
