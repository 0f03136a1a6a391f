import { listProjects } from '../../infisical/routes/admin/projects.js';
import { isInfisicalError } from '../../infisical/errors.js';
import { ADDR, conflict, PROJECT_ID, type ProvisionContext } from '../context.js';
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
