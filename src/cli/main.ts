import type { Writable } from 'node:stream';
import { SecretsRunError, isSecretsRunError, EXIT_WRAPPER_FAILED } from '../errors.js';
import { exitStatusFor, type ChildEnd } from '../launch/exit-status.js';
import { launchChild, type LaunchDeps } from '../launch/spawn-child.js';
import { assess, strictProblems } from '../pipeline/assess.js';
import type { Flags } from './parse-args.js';
import { quickArgs } from './quick-args.js';
import { planReportKeys, renderPlanJson, renderPlanTable, type PlanReport } from '../plan/render-plan.js';
import { prepare, type Prepared } from '../pipeline/prepare.js';
import { configFailures } from '../infisical/config-failures.js';
import { createReporter, type Reporter } from './reporter.js';
import { reportRun } from './report-run.js';
import { trace } from '../util/trace.js';
import { earlyOutputLevel } from '../settings/settings.js';

declare const __SECRETS_RUN_VERSION__: string;
export const VERSION = typeof __SECRETS_RUN_VERSION__ === 'string' ? __SECRETS_RUN_VERSION__ : '0.0.0-dev';

export interface Io {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: Writable;
  stderr: Writable;
  launch?: LaunchDeps;
}

// How the wrapper should end: with a status, or by re-raising the child's fatal signal.
export interface Outcome {
  status: number;
  signal?: NodeJS.Signals;
}

// The one place that turns results and errors into output and an exit status.
export const main = async (io: Io): Promise<Outcome> => {
  let reporter = createReporter(() => io.stderr, { quiet: false, verbose: false });
  try {
    const { command, flags } = quickArgs(io.argv) ?? (await import('../chunks/args-stage.js')).parseArgs(io.argv);
    trace('arguments parsed');
    reporter = createReporter(() => io.stderr, levelFrom(flags, io.env));
    switch (command.kind) {
      case 'help': {
        const { renderHelp } = await import('../chunks/help.js');
        io.stdout.write((await renderHelp(VERSION, (io.stdout as { columns?: number }).columns ?? 100)) + '\n');
        return { status: 0 };
      }
      case 'version':
        io.stdout.write(VERSION + '\n');
        return { status: 0 };
      case 'plan':
        return await planCommand(io, flags, reporter);
      default: {
        const started = Date.now();
        const prepared = await prepare({ flags, env: io.env, cwd: io.cwd }, { kind: 'run' });
        trace('environment merged');
        const assessment = assess(prepared);
        if (prepared.settings.require) failIfStrict(strictProblems(assessment, prepared));
        reportRun(reporter, prepared, assessment, Date.now() - started);
        const target = command.kind === 'shell' ? { shell: command.script } : { file: command.file, args: command.args };
        const end: ChildEnd = await launchChild(target, prepared.merge.env, io.launch);
        return end.signal === null ? { status: end.code } : { status: exitStatusFor(end), signal: end.signal };
      }
    }
  } catch (error) {
    return { status: reportError(reporter, error) };
  }
};

// The settings' own quiet/verbose rule, known before they are read (an early error respects it too).
const levelFrom = earlyOutputLevel;

const failIfStrict = (problems: string[], outcome = 'the command was not started'): void => {
  if (problems.length === 0) return;
  throw new SecretsRunError('STRICT_FAILED', `--require: ${problems.length} problem${problems.length === 1 ? '' : 's'}, ${outcome}`, {
    details: problems,
  });
};

const planCommand = async (io: Io, flags: Flags, reporter: Reporter): Promise<Outcome> => {
  const format = flags.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new SecretsRunError('USAGE', `--format must be table or json, not '${format}'`);
  const prepared = await prepare({ flags, env: io.env, cwd: io.cwd }, { kind: 'plan', offline: flags.offline ?? false });
  const report = planReport(prepared, flags.offline ?? false);
  io.stdout.write(format === 'json' ? renderPlanJson(report) : renderPlanTable(report));
  let assessment = assess(prepared);
  // Offline, with Infisical configured, a key no local source has may still be in Infisical: its
  // resolution is unknown, not missing, and the preflight does not fail on it, unless the settings
  // already say Infisical cannot be asked (no project id, an address that is no URL...).
  if ((flags.offline ?? false) && prepared.bootstrap.addr !== undefined && prepared.plan.length > 0) {
    const cannotAsk = configFailures(prepared.bootstrap).map((f) => f.reason);
    assessment = cannotAsk.length > 0 ? { ...assessment, fetchFailures: cannotAsk } : { ...assessment, missingRequired: [] };
  }
  if (assessment.fetchFailures.length > 0) reporter.warn(`warning: Infisical: ${assessment.fetchFailures.join('; ')}`);
  if (prepared.settings.require) failIfStrict(strictProblems(assessment, prepared), 'a run would not start the command');
  return { status: 0 };
};

const planReport = (prepared: Prepared, offline: boolean): PlanReport => ({
  environment: prepared.environment,
  service: prepared.settings.service === '' ? null : prepared.settings.service,
  contracts: prepared.scan?.contracts ?? [],
  transports: prepared.scan?.transports ?? [],
  problems: prepared.scan?.problems ?? [],
  keys: planReportKeys(prepared.plan, (_entry, index) => {
    const merged = prepared.merge.keys[index]!;
    if (offline) return { resolution: 'unknown', folder: null };
    return { resolution: merged.resolution, folder: merged.folder ?? null };
  }),
});

// One clear message, never a stack trace; unexpected errors ask for a report.
const reportError = (reporter: Reporter, error: unknown): number => {
  if (isSecretsRunError(error)) {
    reporter.error(`error: ${error.message}`);
    for (const detail of error.details) reporter.error(`  ${detail}`);
    if (error.hint) reporter.error(`hint: ${error.hint}`);
    return error.exitCode;
  }
  const name = error instanceof Error ? error.name : 'Error';
  reporter.error(`internal error (${name}); please report it at https://github.com/secrets-run/secrets-run/issues`);
  return EXIT_WRAPPER_FAILED;
};
