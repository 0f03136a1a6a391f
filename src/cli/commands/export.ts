import { SecretsRunError } from '../../errors.js';
import { exportedVars, renderDotenv, renderJson } from '../../export/render-export.js';
import { prepare } from '../../pipeline/prepare.js';
import type { Flags } from '../../settings/options.js';
import type { Io, Outcome } from '../io.js';
import type { Reporter } from '../reporter.js';
import { failIfStrict } from '../strict.js';

// secrets-run export: what a run would add to its command's environment, masked unless --reveal.
// The same pipeline as a run (so the same strictness, warnings and left-out values), and the
// environment printed instead of a command started.
export const exportCommand = async (io: Io, flags: Flags, reporter: Reporter): Promise<Outcome> => {
  const format = flags.format ?? 'dotenv';
  if (format !== 'dotenv' && format !== 'json') throw new SecretsRunError('USAGE', `--format must be dotenv or json, not '${format}'`);
  const reveal = flags.reveal ?? false;
  const started = Date.now();
  const prepared = await prepare({ flags, env: io.env, cwd: io.cwd }, { kind: 'run' });
  const { assess, strictProblems, reportRun } = await import('../../chunks/report-stage.js');
  const assessment = assess(prepared);
  // Strict: nothing on stdout, as a strict run starts nothing.
  if (prepared.settings.require) failIfStrict(strictProblems(assessment, prepared), 'a run would not start the command');
  reportRun(reporter, prepared, assessment, Date.now() - started);
  const vars = exportedVars(prepared.merge.env, io.env);
  const rendered = format === 'json' ? renderJson(vars, reveal) : renderDotenv(vars, reveal);
  if (rendered.left.length > 0)
    reporter.warn(`warning: left out of the dotenv output (no quoting reads back exactly; --format json can carry them): ${rendered.left.join(', ')}`);
  if (reveal && (io.stdout as { isTTY?: boolean }).isTTY === true) reporter.warn('warning: --reveal prints secret values on this terminal');
  io.stdout.write(rendered.text);
  return { status: 0 };
};
