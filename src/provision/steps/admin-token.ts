import { bootstrapInstance } from '../../infisical/routes/admin/bootstrap.js';
import { listProjects } from '../../infisical/routes/admin/projects.js';
import { isInfisicalError } from '../../infisical/errors.js';
import { writeAdminFile } from '../admin-files.js';
import { conflict, PROJECT_ID, ADDR, type ProvisionContext } from '../context.js';
import { partialPairMessage, PARTIAL_PAIR_HINT } from '../steps.js';

// Before any step: half a pair is refused before any request (nothing is made for a run that would
// stop at step 5); a whole pair is tried. When it logs in and sees the env file's project, this
// server was provisioned for it already, and only the folders are ensured.
export const checkEnvPair = async (run: ProvisionContext): Promise<void> => {
  const { pair, options, envVars } = run;
  if (pair.kind === 'partial' && !options.force) {
    run.begin('client secret', options.identityName);
    throw conflict(partialPairMessage(options.envFile, pair), PARTIAL_PAIR_HINT);
  }
  if (pair.kind !== 'pair') return;
  const identity = run.connect({ method: 'universal-auth', clientId: pair.clientId, clientSecret: pair.clientSecret });
  run.begin('client secret', options.identityName, identity);
  try {
    const visible = await listProjects(identity);
    run.login = 'works';
    run.provisioned = (envVars[ADDR] ?? '') !== '' && visible.some((p) => p.id === envVars[PROJECT_ID]);
  } catch (error) {
    // Refused is an answer; a server that failed to answer is a failure, never "refused".
    if (!isInfisicalError(error) || (error.code !== 'INFISICAL_AUTH_REFUSED' && error.code !== 'INFISICAL_FORBIDDEN')) throw error;
    run.login = 'refused';
  }
};

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
