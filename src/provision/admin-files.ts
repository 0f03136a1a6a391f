import { realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { replaceFile } from '../cache/token-file.js';
import { SecretsRunError } from '../errors.js';
import { READ_CAPS, readRegularFile } from '../util/read-regular-file.js';

// The admin commands' files: the env file provision fills with the identity's credentials, and the
// admin token file. The one exception to "only the cache writes files" (test/unit/no-file-writes.test.ts):
// written whole, 0600, through the cache's atomic replace (a temporary file in the same directory,
// fsync, rename, the directory fsynced), so a crash or a concurrent reader sees the old file or the
// new one, never half of either, and the mode is 0600 whatever the old file's was.

// A file's text, or undefined when there is none. Anything else that keeps it from being read (a
// directory, no permission) is an error: provision must not write over a file it could not read.
export const readAdminFile = (path: string, cwd: string): string | undefined => {
  try {
    return readRegularFile(resolve(cwd, path), READ_CAPS.envFile).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new SecretsRunError('ENV_FILE_UNREADABLE', `${path}: ${(error as Error).message}`);
  }
};

// A link is followed, so a .env that links to a shared file is replaced where it lives (the link
// stays). The directory must exist: provision makes no directories.
export const writeAdminFile = (path: string, cwd: string, text: string): void => {
  const absolute = resolve(cwd, path);
  let target = absolute;
  try {
    target = realpathSync(absolute);
  } catch {
    // Not there yet: written under its own name.
  }
  try {
    replaceFile(dirname(target), basename(target), Buffer.from(text, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SecretsRunError('FILE_WRITE_FAILED', `could not write ${path} (${code})`, {
      exitCode: 1,
      hint: code === 'ENOENT' ? 'its directory does not exist' : undefined,
    });
  }
};
