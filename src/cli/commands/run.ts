import { exitStatusFor, type ChildEnd } from '../../launch/exit-status.js';
import { launchChild } from '../../launch/spawn-child.js';
import { nothingToAssess, prepare } from '../../pipeline/prepare.js';
import type { Flags } from '../../settings/options.js';
import { trace } from '../../util/trace.js';
import type { Io, Outcome } from '../io.js';
import type { Command } from '../parse-args.js';
import type { Reporter } from '../reporter.js';
import { failIfStrict } from '../strict.js';

// secrets-run [options] -- CMD ARGS, or --command STRING: the environment, then the child.
export const runCommand = async (io: Io, command: Extract<Command, { kind: 'run' | 'shell' }>, flags: Flags, reporter: Reporter): Promise<Outcome> => {
  const started = Date.now();
  const prepared = await prepare({ flags, env: io.env, cwd: io.cwd }, { kind: 'run' });
  trace('environment merged');
  // A plain dotenv run (no Infisical, no contract read, nothing left out) has nothing to report, and
  // does not load what would say it.
  if (!nothingToAssess(prepared)) {
    const { assess, strictProblems, reportRun } = await import('../../chunks/report-stage.js');
    const assessment = assess(prepared);
    if (prepared.settings.require) failIfStrict(strictProblems(assessment, prepared));
    reportRun(reporter, prepared, assessment, Date.now() - started);
  }
  const target = command.kind === 'shell' ? { shell: command.script } : { file: command.file, args: command.args };
  const end: ChildEnd = await launchChild(target, prepared.merge.env, io.launch);
  return end.signal === null ? { status: end.code } : { status: exitStatusFor(end), signal: end.signal };
};
