import { LOGIN_WAIT_MS, type TokenStore } from '../../cache/token-cache.js';
import { trace } from '../../util/trace.js';
import type { AuthMethod } from './auth-method.js';
import type { AuthChoice } from './choose-method.js';
import { kubernetesAuth } from './kubernetes-auth.js';
import { oidcAuth } from './oidc-auth.js';
import { TokenSession } from './session.js';
import { universalAuth, type Login, type LoginContext } from './universal-auth.js';

// The way of logging in chosen by chooseAuthMethod, as a session: `token` (INFISICAL_TOKEN, used as it
// is; with client credentials too, a refusal of it logs in with them once), `universal-auth`,
// `oidc-auth` and `kubernetes`, each a file of its own.
//
// With a token cache (never with INFISICAL_TOKEN): a cached token stands in for the login, so a launch
// within the token's lifetime makes none; a fresh login's token is cached; a refused one is removed
// before the single re-login (docs/infisical.md, Talking to Infisical).
export const createAuth = (choice: AuthChoice, context: LoginContext, openCache?: () => TokenStore | undefined): AuthMethod => {
  if (choice.method === 'token') {
    const fallback = choice.fallback === undefined ? undefined : universalAuth(choice.fallback, context);
    return new TokenSession(fallback && (async () => (await fallback()).accessToken), choice.token);
  }
  const login = loginFor(choice, context);
  const cache = openCache?.();
  if (cache === undefined) return new TokenSession(async () => (await login()).accessToken, undefined);
  const cached = cache.read();
  if (cached !== undefined) context.learned(cached);
  // A fresh token's write and the lock's release, while they wait for the next turn (below). Anything
  // that must see the cache as the login left it (a refusal of that token, another login) runs it first:
  // else a token refused within the same turn would be written after its removal, and the re-login
  // would find our own lock held and wait for the refused token to appear.
  let pending: (() => void) | undefined;
  const settlePending = (): void => {
    const settle = pending;
    pending = undefined;
    settle?.();
  };
  // Launches started together share one login: the first takes the identity's lock and logs in, the
  // others wait for the token it leaves, for at most half the time left (so that a login of their own
  // still fits when none comes).
  const loginAndKeep = async (): Promise<string> => {
    settlePending();
    const claim = cache.claimLogin();
    trace(`login lock: ${claim.kind}`);
    if (claim.kind === 'theirs') {
      const deadline = context.deadline();
      const theirs = await cache.awaitToken(deadline?.signal, deadline === undefined ? LOGIN_WAIT_MS : deadline.leftMs / 2);
      trace(theirs === undefined ? 'no token from the launch holding the lock: logging in' : 'token from the launch holding the lock');
      if (theirs !== undefined) return (context.learned(theirs), theirs);
    }
    let keep: (() => void) | undefined;
    try {
      // Double-checked: a login that ended between our read and our claim left its token.
      const landed = claim.kind === 'ours' ? cache.read() : undefined;
      if (landed !== undefined) return (context.learned(landed), landed);
      const fresh = await login();
      keep = () => cache.write(fresh.accessToken, fresh.expiresIn);
      return fresh.accessToken;
    } finally {
      // A fresh token is written, and the lock let go, on the next turn of the event loop, once the
      // requests that waited for the token are on the wire: the write syncs the file and its
      // directory to disk (1 to 6 ms on this project's machine, tens on a network volume), and the
      // launches waiting on the lock look for the file only every 20 ms.
      const settle = (): void => {
        keep?.();
        if (claim.kind === 'ours') claim.release();
      };
      if (keep === undefined) settle();
      else {
        pending = settle;
        setImmediate(settlePending);
      }
    }
  };
  return new TokenSession(loginAndKeep, cached, () => {
    settlePending();
    cache.remove();
  });
};

const loginFor = (choice: Exclude<AuthChoice, { method: 'token' }>, context: LoginContext): (() => Promise<Login>) => {
  switch (choice.method) {
    case 'universal-auth':
      return universalAuth(choice, context);
    case 'oidc-auth':
      return oidcAuth(choice, context);
    case 'kubernetes':
      return kubernetesAuth(choice, context);
  }
};
