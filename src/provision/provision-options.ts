import { usageError } from '../errors.js';
import type { Flags } from '../settings/options.js';
import type { EnvFileRequest } from '../settings/settings.js';

// What `secrets-run provision` was asked to do, checked before any request (a mistake here is a
// usage error, exit 125). Pure.

export const PROVISION_ROLES = ['admin', 'member', 'viewer'] as const;
export type ProvisionRole = (typeof PROVISION_ROLES)[number];

export interface ProvisionOptions {
  project: string;
  environments: string[];
  identityName: string;
  role: ProvisionRole;
  organization: string;
  organizationNamed: boolean; // --organization was given (else any single organization will do)
  adminEmail: string;
  adminTokenFile: string;
  envFile: string;
  force: boolean;
  dryRun: boolean;
  format: 'table' | 'json';
}

export const PROVISION_DEFAULTS = {
  project: 'onex',
  environments: ['dev', 'staging', 'prod'],
  identityName: 'onex-runtime',
  role: 'admin',
  organization: 'onex',
  adminEmail: 'admin@example.com',
  adminTokenFile: '.infisical-admin-token',
} as const;

// An environment slug as Infisical makes them; a folder name as its folder route accepts them.
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

const nonEmpty = (value: string | undefined, fallback: string, flag: string): string => {
  if (value === undefined) return fallback;
  if (value.trim() === '') throw usageError(`--${flag} is empty`);
  return value.trim();
};

export const provisionOptions = (flags: Flags, envFiles: readonly EnvFileRequest[]): ProvisionOptions => {
  const format = flags.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw usageError(`--format must be table or json, not '${format}'`);
  const role = (flags.role ?? PROVISION_DEFAULTS.role).trim();
  if (!(PROVISION_ROLES as readonly string[]).includes(role))
    throw usageError(`--role ${role}: expected ${PROVISION_ROLES.join(', ')}`, 'viewer suffices for `run`; `seed` needs write access (member or admin)');
  // `--environments dev,prod` or `--environments dev --environments prod`.
  const environments = [...new Set((flags.environments ?? PROVISION_DEFAULTS.environments).flatMap((e) => e.split(',')).map((e) => e.trim()))];
  if (environments.length === 0) throw usageError('--environments names no environment');
  for (const env of environments) if (!SLUG.test(env)) throw usageError(`--environments: '${env}' is not an environment slug`);
  if (envFiles.length !== 1)
    throw usageError(
      envFiles.length === 0
        ? 'provision writes the credentials to an env file: --no-env-file leaves it none'
        : 'provision writes to one env file: give --env-file once',
    );
  return {
    project: nonEmpty(flags.project, PROVISION_DEFAULTS.project, 'project'),
    environments,
    identityName: nonEmpty(flags.identityName, PROVISION_DEFAULTS.identityName, 'identity-name'),
    role: role as ProvisionRole,
    organization: nonEmpty(flags.organization, PROVISION_DEFAULTS.organization, 'organization'),
    organizationNamed: flags.organization !== undefined,
    adminEmail: nonEmpty(flags.adminEmail, PROVISION_DEFAULTS.adminEmail, 'admin-email'),
    adminTokenFile: nonEmpty(flags.adminTokenFile, PROVISION_DEFAULTS.adminTokenFile, 'admin-token-file'),
    envFile: envFiles[0]!.path,
    force: flags.force ?? false,
    dryRun: flags.dryRun ?? false,
    format,
  };
};
