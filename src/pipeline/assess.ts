import type { InfisicalError } from '../infisical/errors.js';
import type { Prepared } from './types.js';

export interface Assessment {
  contractProblems: string[];
  fetchFailures: string[]; // one line per distinct cause, naming the folders it hit
  hiddenKeys: { key: string; folder: string }[]; // Infisical holds it; this identity may not read it
  refusedKeys: { key: string; folder: string }[]; // Infisical served it, but it could take over the process
  unpassableKeys: { key: string; from: string }[]; // its value holds a NUL character: no environment can carry it
  missingRequired: string[];
  missingOptional: string[];
}

const describeProblem = (p: { file: string; line?: number; message: string }): string =>
  `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`;

// Many folders failing for one reason (the server is down) make one line, not one per folder.
export const groupFailures = (failures: readonly InfisicalError[]): string[] => {
  const groups = new Map<string, string[]>();
  for (const f of failures) {
    const folders = groups.get(f.reason) ?? [];
    if (f.folder !== undefined) folders.push(f.folder);
    groups.set(f.reason, folders);
  }
  return [...groups].map(([reason, folders]) => {
    if (folders.length === 0) return reason;
    if (folders.length === 1) return `${reason} (listing ${folders[0]})`;
    const shown = folders.slice(0, 3).join(', ');
    return `${reason} (${folders.length} folders: ${shown}${folders.length > 3 ? ', ...' : ''})`;
  });
};

// Every folder missing usually means a mistyped environment (Infisical answers an unknown one as a
// missing folder), which would otherwise look like a quiet run with nothing in it.
const noFolderFound = (prepared: Prepared): string[] => {
  const folders = [...(prepared.fetch?.folders.values() ?? [])];
  if (folders.length < 2 || !folders.every((f) => f.missing)) return [];
  return [`none of the ${folders.length} folders exists in environment '${prepared.sources.environment}' (check --environment or INFISICAL_ENVIRONMENT)`];
};

// What went wrong or stayed unresolved, as lines; strict mode refuses to start on any of it.
export const assess = (prepared: Prepared): Assessment => {
  const missingRequired: string[] = [];
  const missingOptional: string[] = [];
  const hiddenKeys: Assessment['hiddenKeys'] = [];
  const refused = new Set([...prepared.resolved.refused, ...prepared.unpassable].map((r) => r.key));
  prepared.merge.keys.forEach((entry, index) => {
    if (entry.resolution !== 'missing') return;
    // Hidden, refused and unpassable keys have their own, more precise line; a key can be both
    // unpassable in one folder and hidden in the next.
    const hiddenIn = prepared.resolved.hidden.get(entry.key);
    if (hiddenIn !== undefined) hiddenKeys.push({ key: entry.key, folder: hiddenIn });
    else if (!refused.has(entry.key)) (prepared.plan[index]!.required ? missingRequired : missingOptional).push(entry.key);
  });
  return {
    contractProblems: (prepared.scan?.problems ?? []).map(describeProblem),
    // With no key to fetch Infisical was not needed: its login is not even waited for (fetchFolders),
    // and a setting that would stop it (no project id, say) does not matter either.
    fetchFailures: prepared.plan.length === 0 ? [] : [...groupFailures(prepared.fetch?.failures ?? []), ...noFolderFound(prepared)],
    hiddenKeys,
    refusedKeys: prepared.resolved.refused,
    unpassableKeys: prepared.unpassable,
    missingRequired,
    missingOptional,
  };
};

export const strictProblems = (a: Assessment, prepared: Prepared): string[] => [
  ...a.contractProblems,
  ...a.fetchFailures.map((m) => `Infisical: ${m}`),
  ...a.hiddenKeys.map(({ key, folder }) => `${key} is hidden by Infisical in ${folder}: this identity may not read its value`),
  ...a.refusedKeys.map(({ key, folder }) => `${key} from Infisical (${folder}) was refused: it can take over the process (allow it with --allow-key ${key})`),
  ...a.unpassableKeys.map(({ key, from }) => `${key} from ${from}: its value holds a NUL character, which no environment variable can carry`),
  ...(a.missingRequired.length === 0
    ? []
    : [
        `${a.missingRequired.length} required key${a.missingRequired.length === 1 ? '' : 's'} in no source ` +
          `(looked in the environment, ${prepared.fetch ? 'Infisical, ' : ''}env files): ${a.missingRequired.join(', ')}`,
      ]),
];
