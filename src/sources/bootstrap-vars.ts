// The Infisical bootstrap variables (README.md, Bootstrap variables). They are read, never fetched,
// and never planned.

export interface BootstrapVarSpec {
  field: BootstrapField;
  names: readonly string[]; // canonical name first, then aliases
}

export type BootstrapField = 'addr' | 'clientId' | 'clientSecret' | 'projectId' | 'environment' | 'token';

export const BOOTSTRAP_VARS: readonly BootstrapVarSpec[] = [
  { field: 'addr', names: ['INFISICAL_ADDR', 'INFISICAL_API_URL'] },
  { field: 'clientId', names: ['INFISICAL_CLIENT_ID'] },
  { field: 'clientSecret', names: ['INFISICAL_CLIENT_SECRET'] },
  { field: 'projectId', names: ['INFISICAL_PROJECT_ID'] },
  { field: 'environment', names: ['INFISICAL_ENVIRONMENT', 'INFISICAL_ENV'] },
  { field: 'token', names: ['INFISICAL_TOKEN'] },
];

export const BOOTSTRAP_NAMES: ReadonlySet<string> = new Set(BOOTSTRAP_VARS.flatMap((v) => v.names));

// Removed from the child's environment by --scrub-bootstrap.
export const SCRUBBED_NAMES: readonly string[] = ['INFISICAL_CLIENT_SECRET', 'INFISICAL_TOKEN'];

export const isBootstrapName = (name: string): boolean => BOOTSTRAP_NAMES.has(name);
