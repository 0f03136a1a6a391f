import { listOrganizations, type Organization } from '../../infisical/routes/admin/bootstrap.js';
import { createIdentity, findIdentities, type Identity } from '../../infisical/routes/admin/identities.js';
import { attachUniversalAuth, getUniversalAuth } from '../../infisical/routes/admin/universal-auth.js';
import { conflict, KEPT, type ProvisionContext } from '../context.js';
import type { ProvisionOptions } from '../provision-options.js';
import { foundOne } from '../steps.js';

// 3. The machine identity, by name. Names are not unique: several with this name are told apart by the
// env file's client id, or are a conflict (a create would only add one more).
export const identityStep = async (run: ProvisionContext): Promise<void> => {
  const { options, admin, pair } = run;
  const name = options.identityName;
  run.begin('identity', name, admin);
  if (run.provisioned) return run.done('identity', name, 'exists', KEPT);
  if (admin === undefined) return run.done('identity', name, 'would-create');
  const organization = run.organization ?? chooseOrganization(await listOrganizations(admin), options);
  const named = await findIdentities(admin, organization.id, name);
  let found = foundOne(named);
  if (found.kind === 'many' && pair.kind === 'pair') {
    const theirs: Identity[] = [];
    for (const candidate of found.items) if ((await getUniversalAuth(admin, candidate.id))?.clientId === pair.clientId) theirs.push(candidate);
    found = foundOne(theirs);
  }
  if (found.kind === 'many')
    throw conflict(`${named.length} identities are named ${name}`, 'pass --identity-name of a unique one, or delete the extra ones in Infisical');
  if (found.kind === 'one') {
    run.identity = found.item;
    return run.done('identity', name, 'exists');
  }
  if (pair.kind === 'pair' && !options.force)
    throw conflict(
      `${options.envFile} has a client id and secret, and there is no identity named ${name} they could belong to`,
      'pass --identity-name of their identity, or --force to make this one and replace the pair',
    );
  if (options.dryRun) return run.done('identity', name, 'would-create');
  run.identity = await createIdentity(admin, organization.id, name);
  run.done('identity', name, 'created');
};

// 4. Universal Auth on the identity: read first (attaching twice is a 400).
export const universalAuthStep = async (run: ProvisionContext): Promise<void> => {
  const { options, admin, identity } = run;
  const name = options.identityName;
  run.begin('universal auth', name, admin);
  if (run.provisioned) return run.done('universal auth', name, 'exists', KEPT);
  if (admin === undefined || identity === undefined) return run.done('universal auth', name, 'would-create');
  const attached = await getUniversalAuth(admin, identity.id);
  if (attached !== undefined) {
    run.clientId = attached.clientId;
    return run.done('universal auth', name, 'exists');
  }
  if (options.dryRun) return run.done('universal auth', name, 'would-create');
  const made = await attachUniversalAuth(admin, identity.id);
  run.clientId = made.clientId;
  run.done('universal auth', name, made.result);
};

// The organization the identity is made in: the one named --organization (by name or slug); without
// the flag, the admin token's only organization will do.
const chooseOrganization = (organizations: readonly Organization[], options: ProvisionOptions): Organization => {
  const named = organizations.filter((o) => o.name === options.organization || o.slug === options.organization);
  if (named.length === 1) return named[0]!;
  if (named.length === 0 && !options.organizationNamed && organizations.length === 1) return organizations[0]!;
  throw conflict(
    organizations.length === 0
      ? 'the admin token belongs to no organization'
      : `no single organization named ${options.organization} among the admin token's (${organizations.map((o) => o.name).join(', ')})`,
    'pass --organization with its name or slug',
  );
};
