import { baseUrlProblem } from './base-url.js';
import type { FetchFailure, FetchRequest } from './types.js';

// What makes talking to Infisical impossible before a request is made: known offline too (plan
// --offline), so this module loads nothing of undici.
export const configFailures = (request: Partial<Pick<FetchRequest, 'addr' | 'clientId' | 'clientSecret' | 'token' | 'projectId'>>): FetchFailure[] => {
  const failures: FetchFailure[] = [];
  const add = (reason: string): void => void failures.push({ code: 'INFISICAL_CONFIG', reason, message: reason });
  const addrProblem = request.addr === undefined ? undefined : baseUrlProblem(request.addr.value);
  if (addrProblem !== undefined) add(`${request.addr!.name} ${addrProblem}`);
  if (request.projectId === undefined) add('INFISICAL_PROJECT_ID is not set');
  if (request.token === undefined && (request.clientId === undefined || request.clientSecret === undefined))
    add('INFISICAL_CLIENT_ID and INFISICAL_CLIENT_SECRET (or INFISICAL_TOKEN) are not set');
  return failures;
};
