import { isSecretsRunError, withHint } from '../errors.js';

// secrets-run's own subcommands: a command not found that is one typo away from one of them was most
// likely meant for secrets-run (`secrets-run plna`). Only these: guessing among the programs on PATH
// would be a shell's job, and a long list.
const SUBCOMMANDS = ['plan', 'export', 'seed', 'provision', 'help', 'version'];

// Levenshtein distance with a swap of neighbours counting one (optimal string alignment).
const distance = (a: string, b: string): number => {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
};

// The closest of `names` one or two typos away (one for short names), or undefined.
export const closest = (typed: string, names: readonly string[]): string | undefined => {
  if (typed.length > 32) return undefined;
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    if (name === typed) continue;
    const d = distance(typed.toLowerCase(), name);
    if (d <= (name.length > 4 ? 2 : 1) && (best === undefined || d < best.d)) best = { name, d };
  }
  return best?.name;
};

export const subcommandLike = (file: string): string | undefined => (file.length > 16 ? undefined : closest(file, SUBCOMMANDS));

// A "command not found" for a name like a subcommand gets this hint in place of the generic one (check
// the spelling): a likely subcommand is the more useful next step. Any other error is left as it is.
export const withDidYouMean = (error: unknown, file: string): unknown => {
  if (!isSecretsRunError(error) || error.code !== 'COMMAND_NOT_FOUND') return error;
  const name = subcommandLike(file);
  if (name === undefined) return error;
  return withHint(error, `did you mean 'secrets-run ${name}'?`);
};
