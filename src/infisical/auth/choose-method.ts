import type { InfisicalConfig, Named } from '../types.js';

export type AuthMethodName = 'token' | 'universal-auth' | 'oidc-auth' | 'kubernetes';

// Where a projected service-account token is mounted in a pod (Infisical's agent reads the same path).
export const DEFAULT_KUBERNETES_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

// How this run logs in. `token` may keep client credentials for one re-login when the token is refused.
export type AuthChoice =
  | { method: 'token'; token: string; fallback?: { clientId: string; clientSecret: string } }
  | { method: 'universal-auth'; clientId: string; clientSecret: string }
  | {
      method: 'oidc-auth';
      identityId: string;
      jwt: { from: 'variable'; value: string } | { from: 'github'; url: string; requestToken: string; audience?: string };
    }
  | { method: 'kubernetes'; identityId: string; tokenPath: string };

export type AuthDecision = { choice: AuthChoice } | { problem: string };

export const AUTH_METHOD_NAMES: readonly AuthMethodName[] = ['universal-auth', 'oidc-auth', 'kubernetes', 'token'];

// Everything but where the server is and which project: what logging in needs.
type Config = Omit<InfisicalConfig, 'addr' | 'projectId'>;

const v = (named: Named | undefined): string | undefined => named?.value;

// Each method, as data: what it needs (one name per missing piece, for the message), and the choice
// once everything is there. `readable` says whether a file can be read (the service-account token).
interface MethodRule {
  name: AuthMethodName;
  missing(c: Config, readable: (path: string) => boolean): string[];
  choose(c: Config): AuthChoice;
}

const tokenPath = (c: Config): string => v(c.kubernetesTokenPath) ?? DEFAULT_KUBERNETES_TOKEN_PATH;
const github = (c: Config): boolean => c.githubRequestUrl !== undefined && c.githubRequestToken !== undefined;
const IDENTITY = 'INFISICAL_MACHINE_IDENTITY_ID';

const RULES: Record<AuthMethodName, MethodRule> = {
  token: {
    name: 'token',
    missing: (c) => (c.token === undefined ? ['INFISICAL_TOKEN'] : []),
    choose: (c) => ({
      method: 'token',
      token: v(c.token)!,
      ...(c.clientId !== undefined && c.clientSecret !== undefined ? { fallback: { clientId: v(c.clientId)!, clientSecret: v(c.clientSecret)! } } : {}),
    }),
  },
  'universal-auth': {
    name: 'universal-auth',
    missing: (c) => [...(c.clientId === undefined ? ['INFISICAL_CLIENT_ID'] : []), ...(c.clientSecret === undefined ? ['INFISICAL_CLIENT_SECRET'] : [])],
    choose: (c) => ({ method: 'universal-auth', clientId: v(c.clientId)!, clientSecret: v(c.clientSecret)! }),
  },
  'oidc-auth': {
    name: 'oidc-auth',
    missing: (c) => [
      ...(c.identityId === undefined ? [IDENTITY] : []),
      ...(c.jwt === undefined && !github(c) ? ['INFISICAL_JWT (or ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN in GitHub Actions)'] : []),
    ],
    choose: (c) => ({
      method: 'oidc-auth',
      identityId: v(c.identityId)!,
      jwt:
        c.jwt !== undefined
          ? { from: 'variable', value: v(c.jwt)! }
          : {
              from: 'github',
              url: v(c.githubRequestUrl)!,
              requestToken: v(c.githubRequestToken)!,
              ...(c.oidcAudience ? { audience: v(c.oidcAudience)! } : {}),
            },
    }),
  },
  kubernetes: {
    name: 'kubernetes',
    missing: (c, readable) => [
      ...(c.identityId === undefined ? [IDENTITY] : []),
      ...(readable(tokenPath(c)) ? [] : [`a readable service-account token at ${tokenPath(c)} (INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH)`]),
    ],
    choose: (c) => ({ method: 'kubernetes', identityId: v(c.identityId)!, tokenPath: tokenPath(c) }),
  },
};

// Without INFISICAL_AUTH_METHOD the first usable method wins, in this order: a ready token, then client
// credentials, then an identity id with a JWT, with GitHub's ID-token request variables, or with a
// readable service-account token file (docs/decisions.md, Choosing how to log in).
const DETECTION_ORDER: readonly (readonly [AuthMethodName, (c: Config) => boolean])[] = [
  ['token', () => true],
  ['universal-auth', () => true],
  ['oidc-auth', (c) => c.jwt !== undefined],
  ['oidc-auth', github],
  ['kubernetes', () => true],
];

// What was seen, named by the variables that carried it, for the message when nothing is usable.
const seen = (c: Config): string[] =>
  [c.clientId, c.clientSecret, c.token, c.identityId, c.jwt, c.githubRequestUrl, c.githubRequestToken, c.kubernetesTokenPath].flatMap((n) =>
    n === undefined ? [] : [n.name],
  );

export const chooseAuthMethod = (c: Config, readable: (path: string) => boolean): AuthDecision => {
  const asked = c.authMethod?.value.toLowerCase();
  if (asked !== undefined) {
    const rule = RULES[asked as AuthMethodName];
    if (rule === undefined || !Object.hasOwn(RULES, asked))
      return { problem: `${c.authMethod!.name} is '${c.authMethod!.value}', not one of ${AUTH_METHOD_NAMES.join(', ')}` };
    const missing = rule.missing(c, readable);
    if (missing.length > 0) return { problem: `${c.authMethod!.name} is ${rule.name}, which needs ${missing.join(' and ')}` };
    return { choice: rule.choose(c) };
  }
  for (const [name, applies] of DETECTION_ORDER) {
    const rule = RULES[name];
    if (applies(c) && rule.missing(c, readable).length === 0) return { choice: rule.choose(c) };
  }
  return { problem: noMethodProblem(c, readable) };
};

// Nothing usable: say what was seen and what each method it points at still lacks.
const noMethodProblem = (c: Config, readable: (path: string) => boolean): string => {
  const found = seen(c);
  if (found.length === 0)
    return 'no credentials are set: INFISICAL_CLIENT_ID and INFISICAL_CLIENT_SECRET, INFISICAL_TOKEN, or INFISICAL_MACHINE_IDENTITY_ID with a JWT';
  const hints: string[] = [];
  if (c.clientId !== undefined || c.clientSecret !== undefined)
    hints.push(`universal-auth needs ${RULES['universal-auth'].missing(c, readable).join(' and ')}`);
  if (c.identityId !== undefined || c.jwt !== undefined || github(c)) hints.push(`oidc-auth needs ${RULES['oidc-auth'].missing(c, readable).join(' and ')}`);
  if (c.identityId !== undefined || c.kubernetesTokenPath !== undefined) hints.push(`kubernetes needs ${RULES.kubernetes.missing(c, readable).join(' and ')}`);
  return `no way to log in with what is set (${found.join(', ')}): ${hints.join('; ')}`;
};
