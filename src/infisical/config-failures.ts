import { accessSync, constants } from 'node:fs';
import { chooseAuthMethod, type AuthChoice } from './auth/choose-method.js';
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
  if (config.githubRequestToken !== undefined && HEADER_UNSAFE.test(config.githubRequestToken.value))
    reasons.push(`${config.githubRequestToken.name} holds a control character (a line break?), which no HTTP header can carry`);
  if (config.githubRequestUrl !== undefined && !/^https?:\/\//i.test(config.githubRequestUrl.value))
    reasons.push(`${config.githubRequestUrl.name} is not an http(s) URL`);
  const decision = chooseAuthMethod(config, readable);
  if ('problem' in decision) reasons.push(decision.problem);
  return reasons.map(misconfigured);
};

// Whether a file can be read: the service-account token, where the Kubernetes login looks for it.
export const readable = (path: string): boolean => {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
};

// How the run logs in, once configFailures() found nothing in the way.
export const authChoiceOf = (config: InfisicalConfig): AuthChoice => {
  const decision = chooseAuthMethod(config, readable);
  if ('problem' in decision) throw misconfigured(decision.problem);
  return decision.choice;
};

// A setting that keeps Infisical from being asked, before any request.
export const misconfigured = (reason: string): InfisicalError =>
  new InfisicalError({ code: 'INFISICAL_CONFIG', host: undefined, phase: 'config', happened: { kind: 'misconfigured', reason } });
