import { bootstrapInstance } from '../../infisical/routes/admin/bootstrap.js';
import { writeAdminFile } from '../admin-files.js';
import { conflict, type ProvisionContext } from '../context.js';

// 1. The admin token: given (INFISICAL_ADMIN_TOKEN, the token file), or made by bootstrapping a fresh
// server, and then saved 0600 before anything else is done with it.
export const adminTokenStep = async (run: ProvisionContext): Promise<void> => {
  const { input, options } = run;
  run.begin('admin bootstrap', '');
  if (input.adminToken !== undefined) {
    run.admin = run.connect({ method: 'token', token: input.adminToken.token });
    return run.done('admin bootstrap', '', 'exists', `token from ${input.adminToken.from}`);
  }
  if (options.dryRun)
    return run.done('admin bootstrap', '', 'would-create', 'no admin token given: a fresh server is assumed, and nothing else can be looked up');
  const anonymous = run.connect({ method: 'token', token: '' });
  run.hide(input.adminPassword.value);
  run.begin('admin bootstrap', '', anonymous);
  const answer = await bootstrapInstance(anonymous, { email: options.adminEmail, password: input.adminPassword.value, organization: options.organization });
  if (answer.kind !== 'bootstrapped')
    throw conflict(
      answer.kind === 'no-route'
        ? 'this server has no bootstrap route (an older Infisical, whose first admin signs up in the web UI), and no admin token was given'
        : 'this server is set up already (bootstrap works once), and no admin token was given',
      `set INFISICAL_ADMIN_TOKEN, or keep the token bootstrap saved in ${options.adminTokenFile} (--admin-token-file)`,
    );
  const lines = [answer.token, `admin_email=${options.adminEmail}`, ...(input.adminPassword.generated ? [`admin_password=${input.adminPassword.value}`] : [])];
  writeAdminFile(options.adminTokenFile, input.cwd, lines.join('\n') + '\n');
  run.admin = run.connect({ method: 'token', token: answer.token });
  run.hide(input.adminPassword.value);
  run.organization = answer.organization;
  run.done('admin bootstrap', '', 'created', `admin token saved to ${options.adminTokenFile}`);
};
