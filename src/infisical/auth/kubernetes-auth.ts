import { readRegularFile } from '../../util/read-regular-file.js';
import { misconfigured } from '../config-failures.js';
import { identityLogin } from '../routes/identity-login.js';
import type { AuthChoice } from './choose-method.js';
import type { Login, LoginContext } from './universal-auth.js';

type KubernetesChoice = Extract<AuthChoice, { method: 'kubernetes' }>;

// A projected service-account token is a few KB; the cap keeps a wrong path (a device) from being read.
const TOKEN_FILE_CAP = 64 * 1024;

// Kubernetes: an identity id and the pod's service-account token, which the server checks with the
// cluster. The file is read again at every login: the kubelet rotates projected tokens in place.
export const kubernetesAuth = (choice: KubernetesChoice, context: LoginContext) => {
  const readToken = (): string => {
    let jwt: string;
    try {
      jwt = readRegularFile(choice.tokenPath, TOKEN_FILE_CAP).toString('utf8').trim();
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      throw misconfigured(
        `cannot read the Kubernetes service-account token ${choice.tokenPath} (${e.code ?? 'unreadable'}): mount it, or set INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH`,
      );
    }
    if (jwt === '') throw misconfigured(`the Kubernetes service-account token ${choice.tokenPath} is empty`);
    context.learned(jwt);
    return jwt;
  };
  return async (): Promise<Login> => {
    const jwt = readToken();
    context.counted();
    const login = await identityLogin(context.send, 'kubernetes-auth', { identityId: choice.identityId, jwt }, context);
    context.learned(login.accessToken);
    return login;
  };
};
