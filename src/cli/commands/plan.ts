import { SecretsRunError } from '../../errors.js';
import type { Assessment } from '../../pipeline/assess.js';
import { prepare, type Prepared } from '../../pipeline/prepare.js';
import type { PlanReport } from '../../plan/render-plan.js';
import type { Flags } from '../../settings/options.js';
import type { Io, Outcome } from '../io.js';
import type { Reporter } from '../reporter.js';
import { failIfStrict } from '../strict.js';

type PlanStage = typeof import('../../chunks/plan-stage.js');

// secrets-run plan: which keys the contracts need and where each would come from, without a command.
export const planCommand = async (io: Io, flags: Flags, reporter: Reporter): Promise<Outcome> => {
  const format = flags.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new SecretsRunError('USAGE', `--format must be table or json, not '${format}'`);
  const offline = flags.offline ?? false;
  const prepared = await prepare({ flags, env: io.env, cwd: io.cwd }, { kind: 'plan', offline });
  const stage = await import('../../chunks/plan-stage.js');
  const { assess, strictProblems, wordsOf } = await import('../../chunks/report-stage.js');
  let assessment = assess(prepared);
  // Offline, with Infisical configured, a key no local source has may still be in Infisical: its
  // resolution is unknown, not missing, and the preflight does not fail on it, unless the settings
  // already say Infisical cannot be asked (no project id, an address that is no URL...).
  if (offline && prepared.sources.bootstrap.addr !== undefined && prepared.plan.length > 0) {
    const cannotAsk = stage.configFailures(prepared.sources.bootstrap).map((f) => ({ words: f.reason, code: 'INFISICAL_CONFIG' as const }));
    assessment = cannotAsk.length > 0 ? { ...assessment, fetchFailures: cannotAsk } : { ...assessment, missingRequired: [] };
  }
  const report = planReport(prepared, offline, assessment, stage.planReportKeys);
  io.stdout.write(format === 'json' ? stage.renderPlanJson(report) : stage.renderPlanTable(report));
  const failures = [...assessment.cachedFailures, ...assessment.fetchFailures];
  if (failures.length > 0) reporter.warn(`warning: Infisical: ${wordsOf(failures)}${assessment.fetchFailures.length === 0 ? '; using the offline cache' : ''}`);
  if (prepared.settings.require) failIfStrict(strictProblems(assessment, prepared), 'a run would not start the command');
  return { status: 0 };
};

// A key Infisical could not be asked about is unknown, not missing: the folder that could hold it
// failed, or nothing could be read at all (the login failed).
const unknownBecause = (prepared: Prepared): ((key: string) => string | undefined) => {
  const everything = prepared.fetch?.failures.find((f) => f.folder === undefined)?.reason;
  return (key) => {
    const folder = prepared.resolved.unread.get(key);
    return folder !== undefined ? `${folder} could not be read` : everything;
  };
};

const planReport = (prepared: Prepared, offline: boolean, assessment: Assessment, planReportKeys: PlanStage['planReportKeys']): PlanReport => {
  const why = unknownBecause(prepared);
  return {
    environment: prepared.sources.environment,
    service: prepared.settings.service === '' ? null : prepared.settings.service,
    contracts: prepared.scan?.contracts ?? [],
    transports: prepared.scan?.transports ?? [],
    problems: [
      ...(prepared.scan?.problems ?? []).map((p) => ({ kind: 'contract' as const, ...p })),
      ...[...assessment.cachedFailures, ...assessment.fetchFailures].map((p) => ({ kind: 'infisical' as const, message: p.words, code: p.code ?? null })),
    ],
    keys: planReportKeys(prepared.plan, (_entry, index) => {
      const merged = prepared.merge.keys[index]!;
      if (offline) return { resolution: 'unknown', folder: null };
      const reason = merged.resolution === 'missing' ? why(merged.key) : undefined;
      if (reason !== undefined) return { resolution: 'unknown', folder: null, reason };
      if (merged.cacheAgeSeconds !== undefined)
        return { resolution: merged.resolution, folder: merged.folder ?? null, cacheAgeSeconds: merged.cacheAgeSeconds };
      return { resolution: merged.resolution, folder: merged.folder ?? null };
    }),
  };
};
