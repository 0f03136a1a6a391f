import type { InfisicalCode, InfisicalError } from '../infisical/errors.js';
import type { Unpassable } from '../merge/unpassable.js';
import { keysByFolder } from '../plan/build-plan.js';
import { reachedBy } from './offline-rule.js';
import type { Prepared } from './types.js';

// One cause of a fetch falling short, with its code when it is an error's (docs/errors.md).
export interface FetchProblem {
  words: string;
  code?: InfisicalCode;
}

export const wordsOf = (problems: readonly FetchProblem[]): string => problems.map((p) => p.words).join('; ');

export interface Assessment {
  contractProblems: string[];
  noContract: string[]; // with Infisical configured, the one line saying no contract was read, naming the roots
  fetchFailures: FetchProblem[]; // one per distinct cause, naming the folders it hit
  cachedFailures: FetchProblem[]; // failures whose every folder the offline cache stood in for: said, not strict problems
  withheld: string[]; // folders the offline cache could have served, refused by --require without --allow-stale
  hiddenKeys: { key: string; folder: string }[]; // Infisical holds it; this identity may not read it
  unreadKeys: { key: string; folder: string }[]; // left unset: a folder that could hold it could not be read
  refusedKeys: { key: string; folder: string }[]; // Infisical served it, but it could take over the process
  unpassableKeys: Unpassable[]; // left out: no environment can carry it (a NUL, over 128 KiB), or the whole is over the limit
  missingRequired: string[];
  missingOptional: string[];
}

const describeProblem = (p: { file: string; line?: number; message: string }): string => `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`;

// Many folders failing for one reason (the server is down) make one line, not one per folder.
export const groupFailures = (failures: readonly InfisicalError[]): FetchProblem[] => {
  const groups = new Map<string, { code: InfisicalCode; folders: string[] }>();
  for (const f of failures) {
    const group = groups.get(f.reason) ?? { code: f.code as InfisicalCode, folders: [] };
    if (f.folder !== undefined) group.folders.push(f.folder);
    groups.set(f.reason, group);
  }
  return [...groups].map(([reason, { code, folders }]) => {
    if (folders.length === 0) return { words: reason, code };
    if (folders.length === 1) return { words: `${reason} (listing ${folders[0]})`, code };
    const shown = folders.slice(0, 3).join(', ');
    return { words: `${reason} (${folders.length} folders: ${shown}${folders.length > 3 ? ', ...' : ''})`, code };
  });
};

// Every folder missing usually means a mistyped environment (Infisical answers an unknown one as a
// missing folder), which would otherwise look like a quiet run with nothing in it.
const noFolderFound = (prepared: Prepared): FetchProblem[] => {
  const folders = [...(prepared.fetch?.folders.values() ?? [])];
  if (folders.length < 2 || !folders.every((f) => f.missing)) return [];
  return [
    { words: `none of the ${folders.length} folders exists in environment '${prepared.sources.environment}' (check --environment or INFISICAL_ENVIRONMENT)` },
  ];
};

// With Infisical configured and no contract read, nothing is fetched: said, not silent (a mistyped
// --contracts, or a working directory without the service's contracts).
const noContractRead = (prepared: Prepared): string[] => {
  const { scan, settings, sources } = prepared;
  if (scan === undefined || sources.bootstrap.addr === undefined || scan.contracts.length > 0) return [];
  return [`no contract file found (searched: ${(scan.roots ?? settings.contracts).join(', ')}), so nothing is fetched from Infisical`];
};

// The fetch's failures, split: those the offline cache stood in for wholly (every folder they kept from
// arriving was served from it), and the rest.
const splitFailures = (prepared: Prepared): { covered: InfisicalError[]; open: InfisicalError[] } => {
  const failures = prepared.fetch?.failures ?? [];
  const served = prepared.offline?.served;
  if (served === undefined || served.size === 0) return { covered: [], open: [...failures] };
  const wanted = [...keysByFolder(prepared.plan).keys()];
  const arrived = new Set(prepared.fetch!.folders.keys());
  const isCovered = (f: InfisicalError): boolean => {
    const reached = reachedBy(f, wanted, arrived);
    return reached.length > 0 && reached.every((folder) => served.has(folder));
  };
  return { covered: failures.filter(isCovered), open: failures.filter((f) => !isCovered(f)) };
};

// What went wrong or stayed unresolved, as lines; strict mode refuses to start on any of it.
export const assess = (prepared: Prepared): Assessment => {
  const missingRequired: string[] = [];
  const missingOptional: string[] = [];
  const hiddenKeys: Assessment['hiddenKeys'] = [];
  const unreadKeys: Assessment['unreadKeys'] = [];
  const refused = new Set([...prepared.resolved.refused, ...prepared.unpassable].map((r) => r.key));
  const failures = splitFailures(prepared);
  prepared.merge.keys.forEach((entry, index) => {
    if (entry.resolution !== 'missing') return;
    // Hidden, refused and unpassable keys have their own, more precise line; a key can be both
    // unpassable in one folder and hidden in the next.
    const hiddenIn = prepared.resolved.hidden.get(entry.key);
    const unreadIn = prepared.resolved.unread.get(entry.key);
    if (hiddenIn !== undefined) hiddenKeys.push({ key: entry.key, folder: hiddenIn });
    else if (unreadIn !== undefined) unreadKeys.push({ key: entry.key, folder: unreadIn });
    else if (!refused.has(entry.key)) (prepared.plan[index]!.required ? missingRequired : missingOptional).push(entry.key);
  });
  return {
    contractProblems: (prepared.scan?.problems ?? []).map(describeProblem),
    noContract: noContractRead(prepared),
    // With no key to fetch Infisical was not needed: its login is not even waited for (fetchFolders),
    // and a setting that would stop it (no project id, say) does not matter either.
    fetchFailures: prepared.plan.length === 0 ? [] : [...groupFailures(failures.open), ...noFolderFound(prepared)],
    cachedFailures: prepared.plan.length === 0 ? [] : groupFailures(failures.covered),
    withheld: prepared.offline?.withheld ?? [],
    hiddenKeys,
    unreadKeys,
    refusedKeys: prepared.resolved.refused,
    unpassableKeys: prepared.unpassable,
    missingRequired,
    missingOptional,
  };
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

// Rounded up: 131073 bytes is over 128 KiB, and should not read as 128.
export const kib = (bytes: number): string => `${Math.ceil(bytes / 1024)} KiB`;

// Why a value was left out, after "KEY from SOURCE: ".
const whyLeftOut = (u: Unpassable): string => {
  if (u.reason === 'nul') return 'its value holds a NUL character, which no environment variable can carry';
  if (u.reason === 'too-long') return `${u.key}=value is ${kib(u.bytes)}, over the 128 KiB the kernel allows one environment variable`;
  return `${kib(u.bytes)}, left out as one of the largest so the environment fits the system's limit for a command's environment and arguments`;
};

// Keys a failed folder left unset, one line per folder: no lower folder stood in for them.
export const unreadLines = (unread: Assessment['unreadKeys']): string[] => {
  const byFolder = new Map<string, string[]>();
  for (const { key, folder } of unread) byFolder.set(folder, [...(byFolder.get(folder) ?? []), key]);
  return [...byFolder].map(([folder, keys]) => {
    const shown = keys.length > 10 ? `${keys.slice(0, 10).join(', ')}, ...` : keys.join(', ');
    return `${plural(keys.length, 'key')} left unset because ${folder} could not be read: ${shown}`;
  });
};

export const strictProblems = (a: Assessment, prepared: Prepared): string[] => [
  ...a.contractProblems,
  ...a.noContract,
  ...a.fetchFailures.map((p) => `Infisical: ${p.words}${p.code === undefined ? '' : ` [${p.code}]`}`),
  ...unreadLines(a.unreadKeys),
  ...(a.withheld.length === 0
    ? []
    : [
        `the offline cache holds ${a.withheld.length === 1 ? `${a.withheld[0]}` : `${a.withheld.length} of those folders (${a.withheld.slice(0, 3).join(', ')}${a.withheld.length > 3 ? ', ...' : ''})`}, not used: --require takes cached values only with --allow-stale`,
      ]),
  ...a.hiddenKeys.map(({ key, folder }) => `${key} is hidden by Infisical in ${folder}: this identity may not read its value`),
  ...a.refusedKeys.map(({ key, folder }) => `${key} from Infisical (${folder}) was refused: it can take over the process (allow it with --allow-key ${key})`),
  ...a.unpassableKeys.map((u) => `${u.key} from ${u.from}: ${whyLeftOut(u)}`),
  ...(a.missingRequired.length === 0
    ? []
    : [
        `${a.missingRequired.length} required key${a.missingRequired.length === 1 ? '' : 's'} missing ` +
          `(looked in the environment, ${prepared.fetch ? 'Infisical, ' : ''}env files): ${a.missingRequired.join(', ')}`,
      ]),
];
