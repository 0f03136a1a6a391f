import type { FetchOutcome, FetchRequest } from './types.js';

// Placeholder until the Infisical client lands (issue 3): reports that nothing was fetched.
export const fetchFolders = async (request: FetchRequest): Promise<FetchOutcome> => ({
  folders: new Map(),
  failures: [{ code: 'INFISICAL_CONFIG', message: `fetching from Infisical is not built yet (${request.folders.length} folders planned)` }],
  requests: 0,
  elapsedMs: 0,
});
