import type { SourcedValue } from '../sources/env-files.js';

// The PATH the child will search, as far as it is known before anything is fetched: the inherited one
// (it beats the env files), else the env files'. Infisical may not set PATH (a dangerous key) unless
// --allow-key PATH lets it; then, with no PATH inherited or with --override, its value is known only
// after the fetch, and this says so (undefined). `path` undefined: the child gets no PATH at all.
export const pathBeforeFetch = (
  inherited: Readonly<Record<string, string | undefined>>,
  envFiles: ReadonlyMap<string, SourcedValue>,
  settings: { allowKeys: readonly string[]; override: boolean },
): { path: string | undefined } | undefined => {
  const fromInfisical = settings.allowKeys.includes('PATH') && (settings.override || inherited['PATH'] === undefined);
  if (fromInfisical) return undefined;
  return { path: inherited['PATH'] ?? envFiles.get('PATH')?.value };
};
