import type { ContractProblem } from '../contracts/types.js';
import type { KeySource, PlannedKey, Resolution } from './types.js';
import { escapeControls, escapeJsonControls } from '../util/printable.js';

export interface PlanReportKey {
  key: string;
  transport: string;
  required: boolean;
  folders: string[];
  sources: KeySource[];
  resolution: Resolution;
  folder: string | null; // the folder that supplied it, when Infisical did
  reason?: string; // why it is unknown, when Infisical could not be read
  cacheAgeSeconds?: number; // resolution 'cache': how old the cached value is
}

// A contract the scan could not read as it should, or a reason Infisical could not be read.
export type PlanProblem = ({ kind: 'contract' } & ContractProblem) | { kind: 'infisical'; message: string; code: string | null };

// The JSON of docs/commands.md, `secrets-run plan`: names, paths and sources, never a value.
export interface PlanReport {
  environment: string;
  service: string | null;
  contracts: string[];
  transports: string[];
  problems: PlanProblem[];
  keys: PlanReportKey[];
}

export const planReportKeys = (
  plan: readonly PlannedKey[],
  resolve: (key: PlannedKey, index: number) => { resolution: Resolution; folder: string | null; reason?: string; cacheAgeSeconds?: number },
): PlanReportKey[] =>
  plan.map((entry, index) => {
    const { resolution, folder, reason, cacheAgeSeconds } = resolve(entry, index);
    const key: PlanReportKey = {
      key: entry.key,
      transport: entry.transport,
      required: entry.required,
      folders: entry.folders,
      sources: entry.sources,
      resolution,
      folder,
    };
    if (reason !== undefined) key.reason = reason;
    if (cacheAgeSeconds !== undefined) key.cacheAgeSeconds = cacheAgeSeconds;
    return key;
  });

// Key names, paths and messages came from files and a server: JSON escapes the C0 controls itself,
// and escapeJsonControls the rest, so the output is safe on a terminal and reads back the same.
export const renderPlanJson = (report: PlanReport): string => escapeJsonControls(JSON.stringify(report, null, 2)) + '\n';

const pad = (rows: string[][]): string[] => {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) =>
    r
      .map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd(),
  );
};

export const renderPlanTable = (report: PlanReport): string => {
  const lines: string[] = [];
  const s = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `environment ${report.environment}, service ${report.service ?? '(none)'}: ${s(report.contracts.length, 'contract')}, ` +
      `${s(report.transports.length, 'transport')}, ${s(report.keys.length, 'key')}, ${s(report.problems.length, 'problem')}`,
  );
  if (report.transports.length > 0) lines.push(`transports: ${report.transports.join(', ')}`);
  if (report.keys.length > 0) {
    lines.push('');
    const rows = [['KEY', 'TRANSPORT', 'REQUIRED', 'RESOLUTION', 'FOLDER', 'ASKED BY']];
    for (const k of report.keys) {
      const asked = k.sources.length === 1 ? k.sources[0]!.contract : `${k.sources[0]!.contract} (+${k.sources.length - 1})`;
      // Escaped before the widths are measured, so the columns line up as printed.
      rows.push([k.key, k.transport, k.required ? 'yes' : 'no', k.resolution, k.folder ?? k.folders.join(' > '), asked].map(escapeControls));
    }
    lines.push(...pad(rows));
  }
  if (report.problems.length > 0) {
    lines.push('', 'problems:');
    for (const p of report.problems)
      lines.push(p.kind === 'infisical' ? `  Infisical: ${p.message}` : `  ${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`);
  }
  // Every line escaped (a no-op on the table's cells, already escaped): contract paths, transports and
  // problems quote files and a server, and none may forge a line or reach the terminal as a control.
  return lines.map(escapeControls).join('\n') + '\n';
};
