import { environmentRoom } from '../../launch/exec-limit.js';
import { exitStatusFor, type ChildEnd } from '../../launch/exit-status.js';
import { checkCommand } from '../../launch/resolve-command.js';
import { launchChild, type LaunchTarget, type OutputFilter } from '../../launch/spawn-child.js';
import { nothingToAssess, prepare, type Prepared } from '../../pipeline/prepare.js';
import type { Flags } from '../../settings/options.js';
import { earlyOutputLevel } from '../../settings/settings.js';
import { trace } from '../../util/trace.js';
import { withDidYouMean } from '../did-you-mean.js';
import type { Io, Outcome } from '../io.js';
import type { Command } from '../parse-args.js';
import type { Reporter } from '../reporter.js';
import { failIfStrict } from '../strict.js';

// secrets-run [options] -- CMD ARGS, or --command STRING: the environment, then the child.
export const runCommand = async (io: Io, command: Extract<Command, { kind: 'run' | 'shell' }>, flags: Flags, reporter: Reporter): Promise<Outcome> => {
  const target: LaunchTarget = command.kind === 'shell' ? { shell: command.script } : { file: command.file, args: command.args };
  try {
    return await run(io, target, flags, reporter);
  } catch (error) {
    throw 'file' in target ? withDidYouMean(error, target.file) : error;
  }
};

const run = async (io: Io, target: LaunchTarget, flags: Flags, reporter: Reporter): Promise<Outcome> => {
  const started = Date.now();
  let loading: Promise<typeof import('../../chunks/report-stage.js')> | undefined;
  const reportStage = () => (loading ??= import('../../chunks/report-stage.js'));
  const notice = slowNotice(io, flags);
  const prepared = await prepare(
    { flags, env: io.env, cwd: io.cwd },
    // The command is looked up before any request goes out, and the environment is fitted to the
    // room its arguments leave (README.md, Exit status). A run that fetches always reports, and its
    // scan usually ends before Infisical answers: the report's chunk loads in that wait.
    {
      kind: 'run',
      environmentRoom: environmentRoom(target),
      checkCommand: (path) => checkCommand(target, path, io.cwd),
      // A failure to load is the later await's to report.
      whileAnswersArrive: () => void reportStage().catch(() => undefined),
    },
  ).finally(() => notice.done());
  trace('environment merged');
  // A plain dotenv run (no Infisical, no contract read, nothing left out) has nothing to report, and
  // does not load what would say it.
  if (!nothingToAssess(prepared)) {
    const { assess, strictProblems, reportRun } = await reportStage();
    const assessment = assess(prepared);
    if (prepared.settings.require) failIfStrict(strictProblems(assessment, prepared));
    reportRun(reporter, prepared, assessment, Date.now() - started);
  } else if (prepared.settings.verbose) reportEnvFiles(reporter, prepared, io.env);
  const mask = prepared.settings.mask === 'off' ? undefined : await maskOutput(io, prepared.merge.env, prepared.settings.mask === 'github', reporter);
  const end: ChildEnd =
    prepared.settings.watch && prepared.sources.bootstrap.addr !== undefined
      ? await watch({ env: io.env, launch: io.launch, target, prepared, mask, say: reporter })
      : await launchChild(target, prepared.merge.env, io.launch, await mask?.prepare(prepared.merge.env));
  if (prepared.settings.watch && prepared.sources.bootstrap.addr === undefined)
    reporter.warn('warning: --watch: there is no Infisical to watch (INFISICAL_ADDR is not set)');
  return end.signal === null ? { status: end.code } : { status: exitStatusFor(end), signal: end.signal };
};

type WatchStage = typeof import('../../chunks/watch-stage.js');

// On a terminal, a start-up still busy after 1 s (a slow Infisical) says so on one line, erased once
// done; never on a pipe, never with --quiet. Its timer does not keep the process alive.
const NOTICE_AFTER_MS = 1000;
const slowNotice = (io: Io, flags: Flags): { done(): void } => {
  // The output level's own rule, as the reporter has it (a config file's quiet is not read yet).
  if (earlyOutputLevel(flags, io.env).quiet) return { done: () => undefined };
  let shown = false;
  const timer = setTimeout(() => {
    const err = io.stderr as NodeJS.WriteStream;
    if (err.isTTY !== true) return;
    shown = true;
    err.write('secrets-run: waiting for Infisical...');
  }, NOTICE_AFTER_MS);
  timer.unref();
  return {
    done: () => {
      clearTimeout(timer);
      if (shown) io.stderr.write('\r\x1b[K');
    },
  };
};

// --verbose on a plain dotenv run: which variables each env file set (names only), and which of them
// the inherited environment kept.
const reportEnvFiles = (reporter: Reporter, prepared: Prepared, inherited: Io['env']): void => {
  if (prepared.sources.envFileLayers.length === 0) return reporter.detail('no env file loaded');
  for (const layer of prepared.sources.envFileLayers) {
    const names = Object.keys(layer.vars);
    const kept = names.filter((name) => inherited[name] !== undefined);
    const from = kept.length === 0 ? '' : `; already set, kept: ${kept.join(', ')}`;
    reporter.detail(
      `${layer.file}: ${names.length} ${names.length === 1 ? 'variable' : 'variables'}${names.length > 0 ? ` (${names.join(', ')})` : ''}${from}`,
    );
  }
};

// --watch, from its own chunk.
const watch = async (run: Parameters<WatchStage['watchRun']>[0]): Promise<ChildEnd> => (await import('../../chunks/watch-stage.js')).watchRun(run);

// --mask: what is hidden, said under --verbose (names only); --mask=github's registrations go out
// first, on stdout, before the command can print anything. Each start (--watch restarts the command)
// is masked for the values it gets, and for those masked before.
const maskOutput = async (io: Io, childEnv: Record<string, string>, github: boolean, reporter: Reporter): Promise<OutputFilter> => {
  const { maskPlanner, prepareMaskedOutput } = await import('../../chunks/mask-stage.js');
  const planFor = maskPlanner(io.env, github);
  const plan = planFor(childEnv);
  reporter.detail(`--mask: ${plan.masked.length} values masked${plan.masked.length > 0 ? ` (${plan.masked.join(', ')})` : ''}`);
  if (plan.tooShort.length > 0) reporter.detail(`--mask: too short to mask (under 8 characters): ${plan.tooShort.join(', ')}`);
  if ((io.stdout as { isTTY?: boolean }).isTTY === true)
    reporter.warn("warning: --mask pipes the command's output, so it has no terminal: no colours, isatty() false");
  if (plan.github !== '') io.stdout.write(plan.github);
  return {
    prepare: (env) => {
      const next = planFor(env);
      if (next.github !== '') io.stdout.write(next.github);
      return prepareMaskedOutput({ patterns: next.patterns, stdout: io.stdout, stderr: io.stderr });
    },
  };
};
