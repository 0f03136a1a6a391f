import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { nodeCrypto } from './cache-crypto.js';

// The cache's file operations, the only file writes in secrets-run (test/unit/no-file-writes.test.ts).
// A file is written whole under a unique temporary name in the same directory, then renamed over the
// old one: a concurrent launch reads the old file or the new one, never half of either. O_EXCL and
// O_NOFOLLOW refuse a name someone planted (a link to elsewhere); reads refuse links and files that are
// not ours alone.
// A token file is a few hundred bytes: 64 KiB is far more than one holds. The offline cache, which
// holds values, passes its own cap.
const MAX_BYTES = 64 * 1024;

export const readOwnFile = (path: string, maxBytes: number = MAX_BYTES): Buffer | undefined => {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined; // absent, a link, or unreadable: the same as no cache
  }
  try {
    const stats = fstatSync(fd);
    const uid = process.getuid?.();
    if (!stats.isFile() || (uid !== undefined && stats.uid !== uid) || (stats.mode & 0o077) !== 0 || stats.size > maxBytes) return undefined;
    const buffer = Buffer.alloc(stats.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
};

// The calls replaceFile makes, so a test can make one of them fail as a full disk would (ENOSPC).
export interface FileOps {
  openSync: typeof openSync;
  writeSync: (fd: number, buffer: Buffer, offset: number) => number;
  fsyncSync: typeof fsyncSync;
  closeSync: typeof closeSync;
  renameSync: typeof renameSync;
}

const SYSTEM: FileOps = { openSync, writeSync, fsyncSync, closeSync, renameSync };

// Throws what the system said (EROFS, ENOSPC, EACCES...): the caller turns it into a --verbose line.
// The file's data reaches the disk before the rename, and the rename before we return: after a crash
// the name holds the old file or the whole new one, never a renamed file whose blocks were never
// written (ext4 and xfs may commit a rename before the data). A failure removes the temporary file.
export const replaceFile = (dir: string, name: string, contents: Buffer, fs: FileOps = SYSTEM): void => {
  const temporary = join(dir, `.${name}.${process.pid}.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    try {
      let written = 0;
      while (written < contents.length) written += fs.writeSync(fd, contents, written);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, join(dir, name));
  } catch (error) {
    removeFile(temporary);
    throw error;
  }
  syncDir(dir, fs);
};

// The rename made durable. Best effort: the file is already in place, and a system that cannot fsync
// a directory (some network file systems) loses only the durability of this one rename.
const syncDir = (dir: string, fs: FileOps): void => {
  try {
    const fd = fs.openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // EINVAL, EISDIR, EACCES: the rename stands; only its durability across a crash is not assured.
  }
};

// Whether it was removed (`cache clear` counts them).
export const removeFile = (path: string): boolean => {
  try {
    unlinkSync(path);
    return true;
  } catch {
    // Already gone (another launch removed it), or a directory we cannot write: nothing to do.
    return false;
  }
};

// A lock file: made only when none is there (O_EXCL), never through a link. 'held' when another
// launch made it first; a file system that cannot take it (read-only, full) throws.
export const createLock = (path: string): 'made' | 'held' => {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'held';
    throw error;
  }
  try {
    writeSync(fd, Buffer.from(`${process.pid}\n`));
  } finally {
    closeSync(fd);
  }
  return 'made';
};

// How long ago a file was last changed, or undefined when there is none (or it is a link).
export const ageOf = (path: string, now: number): number | undefined => {
  try {
    const stats = lstatSync(path);
    return stats.isFile() ? now - stats.mtimeMs : undefined;
  } catch {
    return undefined;
  }
};
