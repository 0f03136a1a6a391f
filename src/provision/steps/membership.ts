import { addMembership, listMemberships } from '../../infisical/routes/admin/memberships.js';
import { KEPT, type ProvisionContext } from '../context.js';

// 7. The identity's membership of the project, with --role. A membership found with another role is
// left as it is (said in the line): provision adds, it never takes rights away or grants more.
export const membershipStep = async (run: ProvisionContext): Promise<void> => {
  const { options, admin, project, identity } = run;
  const subject = `${options.identityName} in ${options.project}`;
  run.begin('membership', subject, admin);
  if (run.provisioned) return run.done('membership', subject, 'exists', KEPT);
  if (admin === undefined || project === undefined || identity === undefined) return run.done('membership', subject, 'would-create', `role ${options.role}`);
  const member = (await listMemberships(admin, project.id)).find((m) => m.identityId === identity.id);
  if (member !== undefined) {
    const roles = member.roles.join(', ') || 'none';
    return run.done(
      'membership',
      subject,
      'exists',
      member.roles.includes(options.role) ? `role ${options.role}` : `role ${roles}, not ${options.role}: left as it is`,
    );
  }
  if (options.dryRun) return run.done('membership', subject, 'would-create', `role ${options.role}`);
  run.done('membership', subject, await addMembership(admin, project.id, identity.id, options.role), `role ${options.role}`);
};
