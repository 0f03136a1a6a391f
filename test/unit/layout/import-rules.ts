// Which folder of src/ may import which (docs/layout.md draws the same table). The stages in the
// middle run in the order the data flows; a stage may use what an earlier stage made, never a later
// one's. An import of a lazily loaded chunk (src/chunks/NAME.ts) counts as an import of the folders
// that chunk re-exports.
export const FLOW = ['settings', 'sources', 'contracts', 'plan', 'infisical', 'resolve', 'merge'] as const;
const BASE = ['util', 'errors'];

export const allowedImports = (from: string): ReadonlySet<string> => {
  const flow = FLOW as readonly string[];
  if (from === 'entry') return new Set(['cli', 'launch', 'chunks', ...BASE]); // src/cli.ts
  if (from === 'library') return new Set(['api', 'pipeline', ...flow, 'launch', ...BASE]); // src/index.ts
  if (from === 'register') return new Set(); // src/register.ts runs the bin, imports nothing of ours
  // api/ is loadSecrets(): a run's pipeline without a command, reading options as the CLI does.
  if (from === 'api') return new Set(['api', 'cli', 'pipeline', ...flow, ...BASE]);
  // cli/ clears the caches (`cache clear`); pipeline/ keeps and serves the offline cache.
  if (from === 'cli') return new Set(['cli', 'pipeline', ...flow, 'seed', 'export', 'provision', 'cache', 'launch', 'watch', ...BASE]);
  // watch/ runs --watch: the command under a supervisor (launch/), Infisical asked again (pipeline/).
  if (from === 'watch') return new Set(['watch', 'pipeline', 'launch', ...BASE]);
  if (from === 'pipeline') return new Set(['pipeline', ...flow, 'seed', 'cache', ...BASE]);
  // The token cache (cache/, the only code that writes files) is for the login: infisical/ uses it.
  if (from === 'infisical') return new Set([...flow.slice(0, flow.indexOf(from) + 1), 'cache', ...BASE]);
  if (flow.includes(from)) return new Set([...flow.slice(0, flow.indexOf(from) + 1), ...BASE]);
  // seed/ decides what `seed` writes from the plan (pure); the CLI and the write code use it.
  if (from === 'seed') return new Set(['seed', ...flow.slice(0, flow.indexOf('plan') + 1), ...BASE]);
  // export/ writes out what a run would add (pure); it knows which names are bootstrap variables.
  if (from === 'export') return new Set(['export', 'settings', 'sources', ...BASE]);
  // provision/ runs the admin steps against Infisical from the plan's folders, and writes the env file
  // and the admin token file through the cache's atomic replace (provision/admin-files.ts only).
  if (from === 'provision') return new Set(['provision', ...flow.slice(0, flow.indexOf('infisical') + 1), 'cache', ...BASE]);
  if (from === 'cache') return new Set(['cache', ...BASE]);
  if (from === 'launch') return new Set(['launch', ...BASE]);
  if (from === 'util') return new Set(BASE);
  if (from === 'errors') return new Set();
  return new Set();
};

// The folder a source file belongs to, for the table above.
export const layerOf = (relativePath: string): string => {
  if (relativePath === 'cli.ts') return 'entry';
  if (relativePath === 'index.ts') return 'library';
  if (relativePath === 'register.ts') return 'register';
  if (relativePath === 'errors.ts' || relativePath.startsWith('errors/')) return 'errors';
  return relativePath.split('/')[0]!;
};
