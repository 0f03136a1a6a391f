import { parseArgs } from '../cli/parse-args.js';
import { failIfStrict } from '../cli/strict.js';
import { SecretsRunError } from '../errors.js';
import { assess, strictProblems } from '../pipeline/assess.js';
import { prepare } from '../pipeline/prepare.js';
import type { KeyProvenance } from '../merge/merge-env.js';

export interface LoadSecretsOptions {
  args?: readonly string[]; // the CLI's own options, as words: ['--service', 'api', '--require']
  cwd?: string; // where .env, the contracts and .secrets-run.yaml are looked for (default: process.cwd())
  env?: Readonly<Record<string, string | undefined>>; // the environment to start from (default: process.env)
  apply?: boolean; // assign what is added to process.env (default: true)
}

export interface LoadedSecrets {
  added: Record<string, string>; // what a run would add to its command's environment, or change in it
  keys: KeyProvenance[]; // each planned key: where its value came from (names only)
  problems: string[]; // what a lenient run would warn about (Infisical failures, missing keys), in a run's words
}

// The seeds' in-process loader (`load_env()`): the settings, env files, contracts and Infisical a run
// would use, with the same precedence, for code that cannot be wrapped (test set-ups, serverless
// handlers, REPLs). Lenient unless `--require` is among `args`, which throws STRICT_FAILED as a run
// would stop. Errors never carry a value: they are the CLI's own, with their stable codes.
export const loadSecrets = async (options: LoadSecretsOptions = {}): Promise<LoadedSecrets> => {
  const env = options.env ?? process.env;
  const { command, flags } = parseArgs([...(options.args ?? []), '--', 'true']);
  if (command.kind !== 'run') throw new SecretsRunError('USAGE', 'loadSecrets takes the options of a run, not a command');
  const prepared = await prepare({ flags, env, cwd: options.cwd ?? process.cwd() }, { kind: 'run' });
  const assessment = assess(prepared);
  const problems = strictProblems(assessment, prepared);
  if (prepared.settings.require) failIfStrict(problems, 'secrets not loaded');
  const added: Record<string, string> = {};
  for (const [name, value] of Object.entries(prepared.merge.env)) if (env[name] !== value) added[name] = value;
  if (options.apply ?? true) Object.assign(process.env, added);
  return { added, keys: prepared.merge.keys, problems };
};
