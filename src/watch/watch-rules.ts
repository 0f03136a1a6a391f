// The decisions of --watch, as pure functions: what a restart is judged on, and when to ask next.

// Each planned key's value in the command's environment, as the merge left it: after folder priority,
// and after the inherited environment (a key it sets, unless --override, stays the inherited value,
// so a change in Infisical does not show here and restarts nothing).
export const watchedValues = (keys: readonly string[], env: Readonly<Record<string, string>>): Map<string, string | undefined> =>
  new Map(keys.map((key) => [key, Object.hasOwn(env, key) ? env[key] : undefined]));

// The keys whose value changed, appeared or vanished, sorted.
export const changedKeys = (before: ReadonlyMap<string, string | undefined>, after: ReadonlyMap<string, string | undefined>): string[] => {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((key) => before.get(key) !== after.get(key)).sort();
};

export const MAX_BACKOFF = 4;

// The pause before the next poll: the interval ±10% (so a fleet started together does not ask
// together), doubled after each failed poll up to 4 times the interval.
export const pollDelay = (intervalMs: number, failuresInARow: number, random: () => number): number => {
  const backoff = Math.min(2 ** failuresInARow, MAX_BACKOFF);
  return Math.round(intervalMs * backoff * (0.9 + 0.2 * random()));
};

// The line a restart is announced with: names only, at most five of them.
export const restartLine = (changed: readonly string[], signal: string, timeoutMs: number): string => {
  const shown = changed.slice(0, 5).join(', ') + (changed.length > 5 ? ', ...' : '');
  return `${changed.length} ${changed.length === 1 ? 'key' : 'keys'} changed (${shown}); restarting (${signal}, ${timeoutMs / 1000} s grace)`;
};
