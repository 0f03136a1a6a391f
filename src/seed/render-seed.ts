import { escapeControls, escapeJsonControls } from '../util/printable.js';
import { SEED_ACTIONS, type SeedAction, type SeedActionName } from './seed-actions.js';

export type SeedSummary = Record<SeedActionName, number>;

// Every action counted, zeros included, so the JSON has the same keys on every run.
export const summarize = (actions: readonly SeedAction[]): SeedSummary => {
  const summary = Object.fromEntries(SEED_ACTIONS.map((name) => [name, 0])) as SeedSummary;
  for (const action of actions) summary[action.action] += 1;
  return summary;
};

interface JsonAction {
  action: SeedActionName;
  key: string | null;
  folder: string;
  source: string | null;
  reason?: string;
}

const asJson = (a: SeedAction): JsonAction =>
  a.action === 'create-folder'
    ? { action: a.action, key: null, folder: a.folder, source: null }
    : { action: a.action, key: a.key, folder: a.folder, source: a.source, ...(a.reason === undefined ? {} : { reason: a.reason }) };

// `--format json`: { actions, summary }, each action with the same four fields. Key names and paths
// came from files and a server: control characters are escaped, as `plan --format json` does.
export const renderSeedJson = (actions: readonly SeedAction[]): string =>
  escapeJsonControls(JSON.stringify({ actions: actions.map(asJson), summary: summarize(actions) }, null, 2)) + '\n';

// The dry-run table: aligned columns action, key, folder, source ('-' where there is none), then a
// summary of the non-zero counts.
export const renderSeedTable = (actions: readonly SeedAction[]): string => {
  const rows = [['ACTION', 'KEY', 'FOLDER', 'SOURCE']];
  for (const a of actions.map(asJson)) {
    const source = a.reason !== undefined ? `(${a.reason})` : (a.source ?? '-');
    rows.push([a.action, a.key ?? '-', a.folder, source].map(escapeControls));
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
  return lines.join('\n') + '\n';
};
