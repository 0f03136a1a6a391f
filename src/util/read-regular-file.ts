import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

const MiB = 1024 * 1024;

// The most secrets-run reads of each kind of file (docs/contracts.md, Files secrets-run reads). A contract or
// a config file is a few KB and an env file rarely more; the caps stop a link to /dev/zero or a
// mistaken multi-GB file from taking the memory, and are far above any real file.
export const READ_CAPS = { contract: 4 * MiB, envFile: 16 * MiB, config: 1 * MiB } as const;

export const formatCap = (cap: number): string => (cap % MiB === 0 ? `${cap / MiB} MiB` : `${cap} bytes`);

// Why a path is not read, as an errno-like code: ENOTREG (a FIFO, socket or device), EISDIR, EFBIG
// (over the cap); `kind` and `cap` say which.
export interface ReadRefusal extends NodeJS.ErrnoException {
  kind?: string;
  cap?: number;
}

const refusal = (code: string, message: string, extra: Partial<ReadRefusal>): ReadRefusal => Object.assign(new Error(message), { code }, extra);

const kindOf = (stats: Stats): string | undefined => {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'FIFO (named pipe)';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return 'special file';
};

const check = (stats: Stats, cap: number): void => {
  const kind = kindOf(stats);
  if (kind === 'directory') throw refusal('EISDIR', 'is a directory', { kind });
  if (kind !== undefined) throw refusal('ENOTREG', `is a ${kind}, not a regular file`, { kind });
  if (stats.size > cap) throw refusal('EFBIG', `is larger than ${formatCap(cap)}`, { cap });
};

// Reads a regular file (a link to one is followed) of at most `cap` bytes, and never blocks: opening
// a FIFO waits for a writer, and reading a device can go on forever, with the main thread (and the
// pre-launch signal listeners) stuck in it. stat refuses anything but a regular file before the open;
// O_NONBLOCK and fstat on the descriptor close the race with a swap in between; at most cap + 1 bytes
// are read, so a file that grows after the stat is still refused. Errors are errno-like (ENOENT,
// EACCES, ELOOP from the system; ENOTREG, EISDIR, EFBIG from here).
export const readRegularFile = (path: string, cap: number): Buffer => {
  check(statSync(path), cap);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    check(stats, cap);
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, cap) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > cap) throw refusal('EFBIG', `is larger than ${formatCap(cap)}`, { cap });
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, cap + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > cap) throw refusal('EFBIG', `is larger than ${formatCap(cap)}`, { cap });
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
};
