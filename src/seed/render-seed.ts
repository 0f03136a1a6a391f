import { escapeControls, escapeJsonControls } from '../util/printable.js';
import { SEED_ACTIONS, type ActionResult, type SeedAction, type SeedActionName } from './seed-actions.js';

export type SeedSummary = Record<SeedActionName, number>;

// Every action counted, zeros included, so the JSON has the same keys on every run.
export const summarize = (actions: readonly SeedAction[]): SeedSummary => {
  const summary = Object.fromEntries(SEED_ACTIONS.map((name) => [name, 0])) as SeedSummary;
  for (const action of actions) summary[action.action] += 1;
  return summary;
};

// With --execute, what became of each action that writes (and of the ones decided again).
export type SeedResults = ReadonlyMap<SeedAction, ActionResult>;

type JsonResult = 'done' | 'failed' | 'changed';

interface JsonAction {
  action: SeedActionName;
  key: string | null;
  folder: string;
  source: string | null;
  reason?: string;
  result?: JsonResult; // only after writing: done, failed, or changed (decided again: `now`)
  now?: SeedActionName;
  error?: string;
}

const resultFields = (result: ActionResult | undefined): Pick<JsonAction, 'result' | 'now' | 'error'> => {
  if (result === undefined) return {};
  if (result.status === 'failed') return { result: 'failed', error: result.reason };
  if (result.status === 'changed') return { result: 'changed', now: result.now };
  return result.as === undefined ? { result: 'done' } : { result: 'done', now: result.as };
};

const asJson = (a: SeedAction, results?: SeedResults): JsonAction =>
  a.action === 'create-folder'
    ? { action: a.action, key: null, folder: a.folder, source: null, ...resultFields(results?.get(a)) }
    : {
        action: a.action,
        key: a.key,
        folder: a.folder,
        source: a.source,
        ...(a.reason === undefined ? {} : { reason: a.reason }),
        ...resultFields(results?.get(a)),
      };

// Failures among the results: actions that failed to write, and folders that could not be read.
export const failuresOf = (actions: readonly SeedAction[], results?: SeedResults): number =>
  actions.filter((a) => a.action === 'error-unread' || results?.get(a)?.status === 'failed').length;

// `--format json`: { execute, actions, summary, failed }, each action with the same four fields (and
// its result after writing). Key names and paths came from files and a server: control characters
// are escaped, as `plan --format json` does.
export const renderSeedJson = (actions: readonly SeedAction[], results?: SeedResults): string =>
  escapeJsonControls(
    JSON.stringify(
      { execute: results !== undefined, actions: actions.map((a) => asJson(a, results)), summary: summarize(actions), failed: failuresOf(actions, results) },
      null,
      2,
    ),
  ) + '\n';

const resultCell = (a: JsonAction): string => {
  if (a.result === 'failed') return `failed: ${a.error ?? ''}`;
  if (a.result === 'changed') return `not written: now ${a.now ?? ''}`;
  if (a.result === 'done') return a.now === undefined ? 'done' : `done (as ${a.now})`;
  return '-';
};

// The table: aligned columns action, key, folder, source ('-' where there is none), and after
// writing the result; then a summary of the non-zero counts.
export const renderSeedTable = (actions: readonly SeedAction[], results?: SeedResults): string => {
  const rows = [['ACTION', 'KEY', 'FOLDER', 'SOURCE', ...(results === undefined ? [] : ['RESULT'])]];
  for (const a of actions.map((action) => asJson(action, results))) {
    const source = a.reason !== undefined ? `(${a.reason})` : (a.source ?? '-');
    rows.push([a.action, a.key ?? '-', a.folder, source, ...(results === undefined ? [] : [resultCell(a)])].map(escapeControls));
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd(),
  );
  const counts = Object.entries(summarize(actions)).filter(([, n]) => n > 0);
  lines.push(counts.length === 0 ? 'nothing to seed' : counts.map(([name, n]) => `${name}: ${n}`).join(', '));
  if (results !== undefined) {
    const done = [...results.values()].filter((r) => r.status === 'done').length;
    lines.push(`written: ${done}, failed: ${failuresOf(actions, results)}`);
  }
  return lines.join('\n') + '\n';
};
