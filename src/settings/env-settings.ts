import { configError, isSecretsRunError, withHint } from '../errors.js';
import { OPTION_LIST, OPTIONS, type AnyOption, type SettingsLayer } from './options.js';

type Env = Readonly<Record<string, string | undefined>>;

// One option's SECRETS_RUN_* variable; an empty or blank one counts as unset. A value its kind refuses
// is the variable's to fix, set perhaps far from this command line (a Dockerfile, a CI setting): the
// hint says so, where the code's advice could only say "the setting named".
export const readVariable = (row: AnyOption, env: Env): unknown => {
  const raw = row.env === undefined ? undefined : env[row.env];
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return row.kind.text(raw, row.env!);
  } catch (error) {
    if (!isSecretsRunError(error) || error.hint !== undefined) throw error;
    throw withHint(error, `correct ${row.env} where it is set, or unset it (an empty value counts as unset)`);
  }
};

// SECRETS_RUN_* from the inherited environment only: env files cannot choose which env files are read.
export const readEnvSettings = (env: Env): SettingsLayer => {
  const layer: Record<string, unknown> = { origin: 'environment' };
  for (const [key, row] of OPTION_LIST) if (row.role === 'setting' && row.env !== undefined) layer[key] = readVariable(row, env);
  for (const [, row] of OPTION_LIST) {
    if (row.role !== 'negation' || readVariable(row, env) !== true) continue;
    const target = row.negates!;
    // As --env-file with --no-env-file: one of them is a mistake, and which one cannot be told.
    if (layer[target] !== undefined) throw configError(`set either ${(OPTIONS[target as keyof typeof OPTIONS] as AnyOption).env} or ${row.env}, not both`);
    layer[target] = false;
  }
  return layer as SettingsLayer;
};
