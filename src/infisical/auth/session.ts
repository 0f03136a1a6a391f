import type { AuthMethod } from './auth-method.js';

// The run's access token: one login, shared by every folder request, and at most one re-login when
// the server says the token expired or was revoked (a 401, or a 403 TokenError). `onRefused` is told
// whenever the token at hand is refused, before any re-login: a cached token is removed then, so no
// later launch starts with it, and one that survives the re-login is removed as well.
export class TokenSession implements AuthMethod {
  #current: Promise<string> | undefined;
  #relogins = 0;

  constructor(
    private readonly login: (() => Promise<string>) | undefined,
    private readonly presetToken: string | undefined,
    private readonly onRefused: () => void = () => undefined,
  ) {
    if (presetToken !== undefined) this.#current = Promise.resolve(presetToken);
  }

  get logsIn(): boolean {
    return this.presetToken === undefined;
  }

  get relogins(): number {
    return this.#relogins;
  }

  token(): Promise<string> {
    this.#current ??= this.login!();
    return this.#current;
  }

  // Called with the token that was refused; concurrent callers share one re-login.
  async refresh(refused: string): Promise<string | undefined> {
    const seen = this.#current;
    const current = await seen?.catch(() => undefined);
    // Another caller replaced the token while we waited: use theirs.
    if (this.#current !== seen) return this.#current!.catch(() => undefined);
    if (current !== undefined && current !== refused) return current;
    this.onRefused();
    if (this.login === undefined || this.#relogins >= 1) return undefined;
    this.#relogins++;
    this.#current = this.login();
    return this.#current;
  }
}
