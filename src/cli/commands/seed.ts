import { SecretsRunError, usageError } from '../../errors.js';
import { prepare } from '../../pipeline/prepare.js';
import { runSeed } from '../../pipeline/seed/run-seed.js';
import { failuresOf, renderSeedJson, renderSeedTable } from '../../seed/render-seed.js';
import { seedTarget } from '../../seed/seed-target.js';
import { mergeValueSources } from '../../seed/value-sources.js';
import type { Flags } from '../../settings/options.js';
import { loadEnvFiles } from '../../sources/env-files.js';
import { expandLayers } from '../../sources/expand-env.js';
import type { Io, Outcome } from '../io.js';
import type { Reporter } from '../reporter.js';

// secrets-run seed: the plan's keys into Infisical. A read-only diff against the live server unless
// --execute; values only from --import-env files (and the environment with --values-from-env).
// Exit: 0 done (or nothing to do), 1 a folder could not be read or a write failed, 125 before any write.
export const seedCommand = async (io: Io, flags: Flags, reporter: Reporter): Promise<Outcome> => {
  const format = flags.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw usageError(`--format must be table or json, not '${format}'`);
  if (flags.execute === true && flags.dryRun === true) throw usageError('--dry-run and --execute ask for opposite things: pass one');
  const execute = flags.execute === true;
  const read = loadEnvFiles(
    (flags.importEnv ?? []).map((path) => ({ path, explicit: true })),
    io.cwd,
  );
  const prepared = await prepare({ flags, env: io.env, cwd: io.cwd }, { kind: 'plan', offline: true });
  // Read as a run reads env files: expanded unless --no-expand.
  const files = prepared.settings.expand ? expandLayers(read, io.env) : read;
  const target = seedTarget(flags.target ?? 'shared', prepared.settings.service);
  if (prepared.sources.bootstrap.addr === undefined)
    throw new SecretsRunError('INFISICAL_CONFIG', 'seed writes to Infisical, but INFISICAL_ADDR is not set', {
      hint: 'set INFISICAL_ADDR, INFISICAL_PROJECT_ID and a login (INFISICAL_CLIENT_ID and INFISICAL_CLIENT_SECRET) in the environment or .env',
    });
  for (const problem of prepared.scan?.problems ?? []) reporter.warn(`warning: ${problem.file}: ${problem.message}`);
  const setValues = flags.setValues === true;
  if (setValues && files.length === 0 && flags.valuesFromEnv !== true)
    reporter.warn('warning: --set-values without --import-env or --values-from-env: there are no values to write');
  const sources = mergeValueSources({
    files: files.map((layer) => ({ name: layer.file, values: layer.vars })),
    environment: flags.valuesFromEnv === true ? io.env : undefined,
  });
  const outcome = await runSeed({
    prepared,
    target,
    sources,
    execute,
    env: io.env,
    options: {
      setValues,
      overwriteExisting: flags.overwriteExisting === true,
      allowPlaceholders: flags.allowPlaceholders === true,
      createEmpty: flags.createEmpty === true,
    },
  });
  io.stdout.write(format === 'json' ? renderSeedJson(outcome.actions, outcome.results) : renderSeedTable(outcome.actions, outcome.results));
  const failed = failuresOf(outcome.actions, outcome.results);
  reporter.detail(
    `Infisical: ${outcome.logins} ${outcome.logins === 1 ? 'login' : 'logins'}, ${outcome.requests} ${outcome.requests === 1 ? 'request' : 'requests'}`,
  );
  if (!execute) reporter.info(`dry run: nothing written${failed > 0 ? '' : '; pass --execute to write'}`);
  if (failed > 0) reporter.warn(`warning: ${failed} ${failed === 1 ? 'action' : 'actions'} failed (error-unread or a failed write): see the table`);
  return { status: failed > 0 ? 1 : 0 };
};
