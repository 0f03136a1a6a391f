import { usageError } from '../errors.js';
import { OPTION_LIST, type Flags } from '../settings/options.js';

// Every option but the actions, read by its kind; a negation (--no-env-file) arrives as its target
// set to false, and with a value of its target as well it is a mistake that cannot be told apart.
export const flagsFrom = (raw: Record<string, unknown>): Flags => {
  const flags: Record<string, unknown> = {};
  for (const [key, row] of OPTION_LIST) {
    if (row.role === 'action' || row.role === 'negation') continue;
    const values = ([] as unknown[]).concat(raw[row.flag] ?? []);
    const negation = OPTION_LIST.find(([, n]) => n.negates === key);
    if (negation !== undefined) {
      const negated = values.includes(false) ? true : undefined;
      if (negated && values.some((v) => v !== false)) throw usageError(`use either --${row.flag} or --${negation[1].flag}, not both`);
      flags[negation[0]] = negated;
      if (negated) {
        flags[key] = undefined;
        continue;
      }
    }
    flags[key] = row.flag in raw ? row.kind.argv(values, row.flag) : undefined;
  }
  return flags as Flags;
};
