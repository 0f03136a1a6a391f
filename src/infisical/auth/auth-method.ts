// What the client asks of a way of logging in. Each method (universal-auth, token; OIDC and
// Kubernetes to come) is a file of its own behind this interface, so every command shares them.
export interface AuthMethod {
  // Give me a token: the first call may log in; callers at the same time share that login.
  token(): Promise<string>;
  // This token was refused (a 401, or a 403 TokenError): another one, or undefined when none can be had.
  refresh(refused: string): Promise<string | undefined>;
  // Whether the first token() makes a request, so the client can open connections meanwhile.
  readonly logsIn: boolean;
}
