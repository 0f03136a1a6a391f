// The token file's write is all or nothing: a disk that fills up (or fails) part way leaves neither a
// temporary file nor a partial one, the old file stays whole, and the caller gets the system's code.
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTokenCache } from '../../../src/cache/token-cache.js';
import { replaceFile, type FileOps } from '../../../src/cache/token-file.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'token-file-'));
  dirs.push(dir);
  return dir;
};

const systemError = (code: string, syscall: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall, errno: -28 });

// The real calls, each recorded (with the path it opened), one of them failing when asked to.
const recorded = (fail?: { call: keyof FileOps; code: string; afterBytes?: number }) => {
  const calls: string[] = [];
  const paths = new Map<number, string>();
  const failing = (call: keyof FileOps): void => {
    if (fail?.call === call) throw systemError(fail.code, call);
  };
  const ops: FileOps = {
    openSync: (path, flags, mode) => {
      const fd = fs.openSync(path, flags, mode);
      paths.set(fd, String(path));
      calls.push(`open ${String(path)}`);
      return fd;
    },
    writeSync: (fd, buffer, offset) => {
      // A full disk takes what fits, then refuses the rest.
      if (fail?.call === 'writeSync' && offset === 0 && fail.afterBytes) return fs.writeSync(fd, buffer, 0, fail.afterBytes);
      failing('writeSync');
      return fs.writeSync(fd, buffer, offset);
    },
    fsyncSync: (fd) => {
      calls.push(`fsync ${paths.get(fd)}`);
      failing('fsyncSync');
      fs.fsyncSync(fd);
    },
    closeSync: (fd) => fs.closeSync(fd),
    renameSync: (from, to) => {
      calls.push(`rename ${String(to)}`);
      failing('renameSync');
      fs.renameSync(from, to);
    },
  };
  return { ops, calls };
};

const contents = Buffer.from('x'.repeat(4096));

describe('replaceFile', () => {
  it('syncs the file before the rename, and the directory after it', () => {
    const dir = scratch();
    const { ops, calls } = recorded();
    replaceFile(dir, 'token-a', contents, ops);
    expect(readFileSync(join(dir, 'token-a'))).toEqual(contents);
    const temporary = calls[0]!.slice('open '.length);
    expect(temporary).not.toBe(join(dir, 'token-a'));
    expect(calls).toEqual([`open ${temporary}`, `fsync ${temporary}`, `rename ${join(dir, 'token-a')}`, `open ${dir}`, `fsync ${dir}`]);
  });

  it.each([
    ['a disk that fills up part way through the write', { call: 'writeSync' as const, code: 'ENOSPC', afterBytes: 1000 }],
    ['a write refused outright', { call: 'writeSync' as const, code: 'ENOSPC' }],
    ['an fsync that fails', { call: 'fsyncSync' as const, code: 'EIO' }],
    ['a rename that fails', { call: 'renameSync' as const, code: 'EXDEV' }],
  ])('%s: throws the system code, leaves no temporary or partial file, and the old file whole', (_what, fail) => {
    const dir = scratch();
    writeFileSync(join(dir, 'token-a'), 'the old file', { mode: 0o600 });
    let thrown: unknown;
    try {
      replaceFile(dir, 'token-a', contents, recorded(fail).ops);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as NodeJS.ErrnoException | undefined)?.code).toBe(fail.code);
    expect(readdirSync(dir)).toEqual(['token-a']);
    expect(readFileSync(join(dir, 'token-a'), 'utf8')).toBe('the old file');
  });

  it('a failed write with no old file leaves the directory empty', () => {
    const dir = scratch();
    expect(() => replaceFile(dir, 'token-a', contents, recorded({ call: 'writeSync', code: 'ENOSPC', afterBytes: 10 }).ops)).toThrow(
      expect.objectContaining({ code: 'ENOSPC' }),
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the token cache on a full disk', () => {
  it('says so under --verbose, never fails, and keeps nothing', () => {
    const dir = join(scratch(), 'cache');
    const warnings: string[] = [];
    const details: string[] = [];
    const notes = { warn: (m: string) => void warnings.push(m), detail: (m: string) => void details.push(m) };
    const identity = { addr: 'https://infisical.test/', clientId: 'id', clientSecret: 'secret-one' };
    const cache = openTokenCache(
      identity,
      { SECRETS_RUN_CACHE_DIR: dir },
      notes,
      Date.now,
      recorded({ call: 'writeSync', code: 'ENOSPC', afterBytes: 20 }).ops,
    )!;
    expect(() => cache.write('tok-full-disk', 3600)).not.toThrow();
    expect(details).toEqual([`token cache not written: ${dir}: ENOSPC`]);
    expect(warnings).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    expect(cache.read()).toBeUndefined();
  });
});
