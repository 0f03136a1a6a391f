import { SecretsRunError, isSecretsRunError } from '../errors.js';
import { isInfisicalError } from '../infisical/errors.js';
import { readAdminFile } from './admin-files.js';
import { ProvisionContext, type ProvisionInput } from './context.js';
import { adminTokenStep } from './steps/admin-token.js';
import { envFileStep } from './steps/env-file.js';
import { checkEnvPair } from './steps/env-pair.js';
import { foldersStep } from './steps/folders.js';
import { clientSecretStep } from './steps/client-secret.js';
import { identityStep, universalAuthStep } from './steps/identity.js';
import { membershipStep } from './steps/membership.js';
import { projectStep } from './steps/project.js';
import type { StepReport } from './steps.js';

export type { ProvisionInput } from './context.js';

// The eight steps of `secrets-run provision` (docs/decisions.md, Provision): each looks before it
// makes anything, so a second run finds everything and changes nothing. Nothing here prints: each
// step's result goes to `report` as it is known (the CLI prints it), and the first failure ends the
// run, named by its step and the route that failed.

export interface ProvisionOutcome {
  steps: StepReport[];
  written: string[]; // env file keys written (or that a dry run would write)
  error?: SecretsRunError; // the step that failed or conflicted; exit 1
}

const STEPS = [checkEnvPair, adminTokenStep, projectStep, identityStep, universalAuthStep, clientSecretStep, foldersStep, membershipStep, envFileStep];

export const runProvision = async (input: ProvisionInput): Promise<ProvisionOutcome> => {
  const run = new ProvisionContext(input);
  try {
    for (const step of STEPS) await step(run);
    return { steps: run.steps, written: run.written };
  } catch (error) {
    if (!isSecretsRunError(error)) throw error;
    const { name, subject, client } = run.current;
    // A request's failure names its route (`GET /api/v1/workspace: …`); every failure is exit 1.
    const route = client !== undefined && isInfisicalError(error) && client.lastRoute !== '' ? `${client.lastRoute}: ` : '';
    run.done(name, subject, error.code === 'PROVISION_CONFLICT' ? 'conflict' : 'failed', `${route}${error.message}`);
    return { steps: run.steps, written: run.written, error: new SecretsRunError(error.code, `${route}${error.message}`, { exitCode: 1, hint: error.hint }) };
  } finally {
    for (const client of run.clients) client.close();
  }
};

// The admin token file's first line, or undefined when the file is absent or has none.
export const tokenFromFile = (path: string, cwd: string): string | undefined => {
  const first = readAdminFile(path, cwd)?.split(/\r?\n/, 1)[0]?.trim();
  return first === undefined || first === '' ? undefined : first;
};
