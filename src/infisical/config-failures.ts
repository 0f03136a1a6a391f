import { accessSync, constants } from 'node:fs';
import { chooseAuthMethod, type AuthChoice } from './auth/choose-method.js';
import { baseUrlProblem } from './base-url.js';
import { InfisicalError } from './errors.js';
import { HEADER_UNSAFE, HEADER_UNSAFE_WORDS } from '../util/header-value.js';
import type { InfisicalConfig } from './types.js';

// What makes talking to Infisical impossible before a request is made, and, when nothing does, how the
// run logs in: known offline too (plan --offline), so this module loads nothing of the transport.
export const checkConfig = (config: InfisicalConfig): { failures: InfisicalError[]; choice?: AuthChoice } => {
  const reasons: string[] = [];
  const addrProblem = config.addr === undefined ? undefined : baseUrlProblem(config.addr.value);
  if (addrProblem !== undefined) reasons.push(`${config.addr!.name} ${addrProblem}`);
  if (config.projectId === undefined) reasons.push('INFISICAL_PROJECT_ID is not set');
  for (const header of [config.token, config.githubRequestToken])
    if (header !== undefined && HEADER_UNSAFE.test(header.value)) reasons.push(`${header.name} holds a character ${HEADER_UNSAFE_WORDS}`);
  if (config.githubRequestUrl !== undefined && !/^https?:\/\//i.test(config.githubRequestUrl.value))
    reasons.push(`${config.githubRequestUrl.name} is not an http(s) URL`);
  const decision = chooseAuthMethod(config, readable);
  if ('problem' in decision) reasons.push(decision.problem);
  return reasons.length > 0 || !('choice' in decision) ? { failures: reasons.map(misconfigured) } : { failures: [], choice: decision.choice };
};

export const configFailures = (config: InfisicalConfig): InfisicalError[] => checkConfig(config).failures;

// Whether a file can be read: the service-account token, where the Kubernetes login looks for it.
export const readable = (path: string): boolean => {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
};

// A setting that keeps Infisical from being asked, before any request.
export const misconfigured = (reason: string): InfisicalError =>
  new InfisicalError({ code: 'INFISICAL_CONFIG', host: undefined, phase: 'config', happened: { kind: 'misconfigured', reason } });
