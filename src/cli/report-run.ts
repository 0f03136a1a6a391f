import { kib, unreadLines, wordsOf, type Assessment } from '../pipeline/assess.js';
import type { Prepared } from '../pipeline/prepare.js';
import { ADVICE } from './advice.js';
import type { Reporter } from './reporter.js';
import { formatAge } from '../util/age.js';
import { escapeControls } from '../util/printable.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

// The default output of a lenient run (docs/configuration.md, Output): nothing without Infisical, else one
// summary line, plus one line per kind of trouble. --verbose adds a names-only provenance table.
export const reportRun = (reporter: Reporter, prepared: Prepared, a: Assessment, elapsedMs: number): void => {
  // The caches' own word: a directory others can reach (a warning, once for both caches), or why none
  // was used (--verbose).
  const notes = [...(prepared.fetch?.cacheNotes ?? []), ...(prepared.offline?.notes ?? [])];
  for (const note of notes.filter((n, i) => notes.findIndex((m) => m.message === n.message) === i))
    (note.level === 'warn' ? reporter.warn : reporter.detail)(note.message);
  // Which way of logging in was detected or asked for, and whether it cost a login (a cached token does not).
  const fetch = prepared.fetch;
  if (fetch?.authMethod !== undefined)
    reporter.detail(`Infisical: ${fetch.authMethod}, ${plural(fetch.logins, 'login')}, ${plural(fetch.requests, 'request')}`);
  const problems = a.contractProblems.length;
  if (problems > 0) {
    reporter.warn(`warning: ${plural(problems, 'contract problem')}${prepared.settings.verbose ? ':' : ' (--verbose lists them)'}`);
    for (const p of a.contractProblems) reporter.detail(`  ${p}`);
  }
  for (const line of a.noContract) reporter.warn(`warning: ${line}`);
  // Lenient mode promises ONE warning about Infisical (docs/configuration.md, Lenient and strict), however many
  // causes there were.
  // What the offline cache stood in for is still said: the values are old, and why is worth knowing.
  if (a.fetchFailures.length > 0 || a.cachedFailures.length > 0) {
    const unset = unreadLines(a.unreadKeys);
    const words = wordsOf([...a.cachedFailures, ...a.fetchFailures]);
    const then =
      a.fetchFailures.length === 0
        ? 'using the offline cache'
        : `${a.cachedFailures.length > 0 ? 'using the offline cache where it could, starting without the rest' : 'starting without those secrets'}${unset.length > 0 ? ` (${unset.join('; ')})` : ''}`;
    reporter.warn(`warning: Infisical: ${words}; ${then}`);
    const code = a.fetchFailures[0]?.code ?? a.cachedFailures[0]?.code;
    const advice = code === undefined ? undefined : ADVICE[code];
    if (advice !== undefined) reporter.warn(`hint: ${advice}`);
  }
  if (a.refusedKeys.length > 0) {
    const names = a.refusedKeys.map(({ key }) => key);
    reporter.warn(`warning: refused ${plural(names.length, 'key')} from Infisical that can take over a process: ${names.join(', ')} (allow with --allow-key)`);
  }
  reportLeftOut(reporter, a.unpassableKeys);
  if (a.hiddenKeys.length > 0) {
    reporter.warn(
      `warning: ${plural(a.hiddenKeys.length, 'key')} hidden by Infisical (no permission to read the value)${prepared.settings.verbose ? ':' : ' (--verbose names them)'}`,
    );
    reporter.detail(`  ${a.hiddenKeys.map(({ key, folder }) => `${key} (${folder})`).join(', ')}`);
  }
  reportMissing(reporter, prepared, a);
  const fromInfisical = prepared.merge.keys.filter((k) => k.resolution === 'infisical').length;
  if (fromInfisical > 0) {
    const service = prepared.settings.service === '' ? '' : `, service ${prepared.settings.service}`;
    reporter.info(`${plural(fromInfisical, 'key')} from Infisical (environment ${prepared.sources.environment}${service}) in ${elapsedMs} ms`);
  }
  const fromCache = prepared.merge.keys.filter((k) => k.resolution === 'cache');
  if (fromCache.length > 0) {
    // The oldest value served is the age that matters.
    const age = formatAge(Math.max(...fromCache.map((k) => k.cacheAgeSeconds ?? 0)));
    const because = prepared.offline?.because.join(', ') ?? '';
    reporter.info(`${plural(fromCache.length, 'key')} from the offline cache (age ${age}${because === '' ? '' : `; ${because}`})`);
  }
  if (prepared.settings.verbose && prepared.merge.keys.length > 0) {
    // Escaped before the widths are measured, so the columns line up as printed.
    const rows = prepared.merge.keys.map((k) =>
      [
        k.key,
        k.resolution === 'cache' ? `cache (${formatAge(k.cacheAgeSeconds ?? 0)} old)` : k.resolution,
        k.folder ?? k.file ?? '',
        k.shadowed.length > 0 ? `(also in ${k.shadowed.join(', ')})` : '',
      ].map(escapeControls),
    );
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const r of rows)
      reporter.detail(
        `  ${r
          .map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell))
          .join('  ')
          .trimEnd()}`,
      );
  }
};

// One line per reason a value was left out (docs/decisions.md, Keys from Infisical), naming each
// variable and where it came from, with its size when that is the reason.
const reportLeftOut = (reporter: Reporter, leftOut: Assessment['unpassableKeys']): void => {
  const nul = leftOut.filter((u) => u.reason === 'nul').map(({ key, from }) => `${key} (${from})`);
  if (nul.length > 0)
    reporter.warn(`warning: left out ${plural(nul.length, 'variable')} whose value holds a NUL character, which no environment can carry: ${nul.join(', ')}`);
  const sized = (reason: 'too-long' | 'too-much'): string[] => leftOut.flatMap((u) => (u.reason === reason ? [`${u.key} (${u.from}, ${kib(u.bytes)})`] : []));
  const long = sized('too-long');
  if (long.length > 0)
    reporter.warn(`warning: left out ${plural(long.length, 'variable')} over the 128 KiB the kernel allows one environment variable: ${long.join(', ')}`);
  const much = sized('too-much');
  if (much.length > 0)
    reporter.warn(
      `warning: left out ${plural(much.length, 'variable')}, the largest this run added, so the environment fits the system's limit for a command's environment and arguments: ${much.join(', ')}`,
    );
};

// Where a missing key would be looked for first in the shared folders (where `seed` writes), else its
// first folder.
const folderOf = (prepared: Prepared, key: string): string | undefined => {
  const folders = prepared.plan.find((entry) => entry.key === key)?.folders ?? [];
  return folders.find((folder) => folder.startsWith('/shared/')) ?? folders[0];
};

const MISSING_NAMED = 10;

// Required keys no source has: named (up to 10, each with its folder) with what to do. Optional
// ones are expected to be absent at times: said under --verbose only.
const reportMissing = (reporter: Reporter, prepared: Prepared, a: Assessment): void => {
  const named = (keys: readonly string[]): string => {
    const shown = keys.slice(0, MISSING_NAMED).map((key) => {
      const folder = folderOf(prepared, key);
      return folder === undefined ? key : `${key} (${folder})`;
    });
    return shown.join(', ') + (keys.length > MISSING_NAMED ? `, and ${keys.length - MISSING_NAMED} more` : '');
  };
  // When Infisical could not be asked at all, its warning already says the command starts without
  // those secrets: "set them in Infisical" would be the wrong advice.
  const unasked = prepared.fetch?.failures.some((failure) => failure.folder === undefined) === true && a.cachedFailures.length === 0;
  if (a.missingRequired.length > 0 && !unasked) {
    const them = a.missingRequired.length === 1 ? 'it' : 'them';
    const where =
      prepared.fetch === undefined
        ? 'an env file or the environment'
        : `Infisical (secrets-run seed can copy ${them} from a .env), an env file or the environment`;
    reporter.warn(
      `warning: ${plural(a.missingRequired.length, 'required key')} missing: ${named(a.missingRequired)}; set ${them} in ${where}; secrets-run plan lists every key`,
    );
  }
  if (a.missingOptional.length > 0) reporter.detail(`${plural(a.missingOptional.length, 'optional key')} missing: ${named(a.missingOptional)}`);
};
