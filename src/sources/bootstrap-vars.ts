// The Infisical bootstrap variables (docs/configuration.md, Bootstrap variables). They are read, never fetched,
// and never planned. Aliases are the names Infisical's own CLI and SDKs read, so an environment set
// up for them works here unchanged.

export interface BootstrapVarSpec {
  field: BootstrapField;
  names: readonly string[]; // canonical name first, then aliases
}

export type BootstrapField =
  | 'addr'
  | 'clientId'
  | 'clientSecret'
  | 'projectId'
  | 'environment'
  | 'token'
  | 'authMethod'
  | 'identityId'
  | 'jwt'
  | 'oidcAudience'
  | 'kubernetesTokenPath'
  | 'githubRequestUrl'
  | 'githubRequestToken';

export const BOOTSTRAP_VARS: readonly BootstrapVarSpec[] = [
  { field: 'addr', names: ['INFISICAL_ADDR', 'INFISICAL_API_URL'] },
  { field: 'clientId', names: ['INFISICAL_CLIENT_ID', 'INFISICAL_UNIVERSAL_AUTH_CLIENT_ID'] },
  { field: 'clientSecret', names: ['INFISICAL_CLIENT_SECRET', 'INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET'] },
  { field: 'projectId', names: ['INFISICAL_PROJECT_ID'] },
  { field: 'environment', names: ['INFISICAL_ENVIRONMENT', 'INFISICAL_ENV'] },
  { field: 'token', names: ['INFISICAL_TOKEN'] },
  { field: 'authMethod', names: ['INFISICAL_AUTH_METHOD'] },
  // The CLI's name, then the go-sdk's per-method names.
  { field: 'identityId', names: ['INFISICAL_MACHINE_IDENTITY_ID', 'INFISICAL_OIDC_AUTH_IDENTITY_ID', 'INFISICAL_KUBERNETES_IDENTITY_ID'] },
  { field: 'jwt', names: ['INFISICAL_JWT', 'INFISICAL_OIDC_AUTH_JWT'] },
  { field: 'oidcAudience', names: ['INFISICAL_OIDC_AUDIENCE'] },
  { field: 'kubernetesTokenPath', names: ['INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH'] },
  // Set by the GitHub Actions runner for a job with `permissions: id-token: write`.
  { field: 'githubRequestUrl', names: ['ACTIONS_ID_TOKEN_REQUEST_URL'] },
  { field: 'githubRequestToken', names: ['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] },
];

export const BOOTSTRAP_NAMES: ReadonlySet<string> = new Set(BOOTSTRAP_VARS.flatMap((v) => v.names));

// Removed from the child's environment by --scrub-bootstrap: every credential among the bootstrap
// variables, under any of its names. The runner's request token is one too: with it the child could
// mint ID tokens for the job.
const SCRUBBED_FIELDS: ReadonlySet<BootstrapField> = new Set(['clientSecret', 'token', 'jwt', 'githubRequestToken']);
export const SCRUBBED_NAMES: readonly string[] = BOOTSTRAP_VARS.filter((v) => SCRUBBED_FIELDS.has(v.field)).flatMap((v) => v.names);

export const isBootstrapName = (name: string): boolean => BOOTSTRAP_NAMES.has(name);
