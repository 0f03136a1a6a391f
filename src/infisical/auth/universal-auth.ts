import type { ReplyContext } from '../routes/context.js';
import { universalAuthLogin, type UniversalAuthCredentials } from '../routes/universal-auth-login.js';
import type { Send } from '../transport/send.js';

export interface LoginContext extends ReplyContext {
  send: Send;
  learned(secret: string): void; // a token to keep out of every message from now on
  counted(): void; // one more login
  // A sender to another host (the CI runner's ID-token service), under the same deadline.
  sendTo(url: URL): { send: Send; context: ReplyContext };
  // The deadline of the work in progress: its signal, and the milliseconds left of it.
  deadline(): { signal: AbortSignal; leftMs: number } | undefined;
}

export interface Login {
  accessToken: string;
  expiresIn: number; // seconds; 0 when the server gives the token no expiry
}

// Universal Auth: a machine identity's client id and secret, exchanged for an access token.
export const universalAuth = (credentials: UniversalAuthCredentials, context: LoginContext) => async (): Promise<Login> => {
  context.counted();
  const login = await universalAuthLogin(context.send, credentials, context);
  context.learned(login.accessToken);
  return login;
};
