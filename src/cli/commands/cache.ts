import { clearCache } from '../../cache/clear-cache.js';
import type { Io, Outcome } from '../io.js';

// secrets-run cache clear: removes the token cache and offline cache files of every identity (the
// names secrets-run writes, temporary files included), and nothing else in the directory.
export const cacheClearCommand = (io: Io): Outcome => {
  const result = clearCache(io.env);
  if (result.dir === undefined) io.stdout.write('no cache directory: neither SECRETS_RUN_CACHE_DIR, XDG_CACHE_HOME nor HOME is set\n');
  else if (!result.exists) io.stdout.write(`no cache directory at ${result.dir}: nothing to remove\n`);
  else io.stdout.write(`removed ${result.removed} cache file${result.removed === 1 ? '' : 's'} from ${result.dir}\n`);
  return { status: 0 };
};
