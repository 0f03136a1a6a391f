import { baseUrlProblem } from './base-url.js';
import { InfisicalError } from './errors.js';
import { HEADER_UNSAFE } from './routes/parse-secrets.js';
import type { InfisicalConfig } from './types.js';

// What makes talking to Infisical impossible before a request is made: known offline too (plan
// --offline), so this module loads nothing of undici.
export const configFailures = (config: InfisicalConfig): InfisicalError[] => {
  const reasons: string[] = [];
  const addrProblem = config.addr === undefined ? undefined : baseUrlProblem(config.addr.value);
  if (addrProblem !== undefined) reasons.push(`${config.addr!.name} ${addrProblem}`);
  if (config.projectId === undefined) reasons.push('INFISICAL_PROJECT_ID is not set');
  if (config.token !== undefined && HEADER_UNSAFE.test(config.token.value))
    reasons.push(`${config.token.name} holds a control character (a line break?), which no HTTP header can carry`);
  if (config.token === undefined && (config.clientId === undefined || config.clientSecret === undefined))
    reasons.push('INFISICAL_CLIENT_ID and INFISICAL_CLIENT_SECRET (or INFISICAL_TOKEN) are not set');
  return reasons.map(misconfigured);
};

// A setting that keeps Infisical from being asked, before any request.
export const misconfigured = (reason: string): InfisicalError =>
  new InfisicalError({ code: 'INFISICAL_CONFIG', host: undefined, phase: 'config', happened: { kind: 'misconfigured', reason } });
