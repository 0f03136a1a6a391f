import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// secrets-run writes no file but its token and offline caches (no log, no temp file elsewhere), so no
// secret can end up in one; `provision` alone also writes the env file and admin token file it is told to. This keeps it that way: any file-writing API in the launcher's source fails
// here, except in the cache module (src/cache/), and there only in the two files that write under the
// cache directory they are given. The emulator (a test server) is not part of the launcher: it lives in
// emulator/, outside src/.
const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const WRITERS =
  /\b(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|mkdir|mkdirSync|mkdtemp|rename|renameSync|copyFile|cp|cpSync|symlink|link|truncate|open|openSync|rm|rmSync|unlink|unlinkSync)\b\s*\(/;

// Opening read-only is reading (util/read-regular-file.ts opens without blocking, which readFileSync
// cannot; the token file opens its directory to fsync a rename).
const READ_ONLY_OPEN = /\bopenSync\(\s*\w+,\s*constants\.O_RDONLY \| constants\.(O_NONBLOCK|O_DIRECTORY)\)/g;

// The only writers: the cache directory (made 0700) and the token file (temp name, rename, unlink).
const CACHE_WRITERS = new Set(['cache/cache-dir.ts', 'cache/token-file.ts']);
const ADMIN_FILES = 'provision/admin-files.ts';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('only the cache module writes, only under the cache directory', () => {
  it('the cache writers exist, and write only paths joined under the directory they made or were given', () => {
    for (const name of CACHE_WRITERS) {
      const lines = readFileSync(join(SRC, name), 'utf8').split('\n');
      const writes = lines.filter((line) => !line.trim().startsWith('//') && WRITERS.test(line.replace(READ_ONLY_OPEN, '')));
      expect(writes.length, name).toBeGreaterThan(0);
      // Every path written is `dir`, `temporary`, `path` or a join(dir, name): never one from elsewhere.
      for (const line of writes)
        expect(line, name).toMatch(/(mkdirSync\((dir|dirname\(dir\))|openSync\((temporary|path)|renameSync\(temporary, join\(dir|unlinkSync\(path)/);
    }
  });
  it('nothing outside src/cache/ imports its writers but the token cache, and the admin files of provision', () => {
    for (const file of files(SRC).filter((f) => !relative(SRC, f).startsWith('cache/') && relative(SRC, f) !== ADMIN_FILES))
      expect(readFileSync(file, 'utf8'), relative(SRC, file)).not.toMatch(/cache\/(cache-dir|token-file)\.js/);
  });

  // The one exception (docs/decisions.md, Provision): \`provision\` writes the env file it was given and
  // the admin token file, and only through the cache's atomic replace (temporary file, fsync, rename,
  // 0600): it imports replaceFile and nothing else that writes, and calls no file-writing API itself.
  it('provision/admin-files.ts writes only through replaceFile, and only it imports it outside src/cache/', () => {
    const text = readFileSync(join(SRC, ADMIN_FILES), 'utf8');
    expect(text).toMatch(/^import \{ replaceFile \} from '\.\.\/cache\/token-file\.js';$/m);
    expect(text.split('\n').filter((line) => !line.trim().startsWith('//') && WRITERS.test(line))).toEqual([]);
    const importers = files(SRC)
      .filter((f) => /from '[./]*(provision\/)?admin-files\.js'/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(importers.length).toBeGreaterThan(0);
    for (const importer of importers) expect(importer.startsWith('provision/') || importer === 'cli/commands/provision.ts', importer).toBe(true);
  });
});

describe('the launcher writes no files', () => {
  const launcher = files(SRC).filter((f) => !CACHE_WRITERS.has(relative(SRC, f)));

  it('scans the whole launcher source', () => {
    expect(launcher.length).toBeGreaterThan(30);
  });

  // The bin too: it reads the build's code cache, and only scripts/code-cache.cjs (run by the build) writes it.
  const bin = fileURLToPath(new URL('../../bin/secrets-run.js', import.meta.url));
  it.each([...launcher.map((f) => [relative(SRC, f), f]), ['bin/secrets-run.js', bin]])('%s calls no file-writing API', (_name, file) => {
    const offending = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !line.trim().startsWith('//') && WRITERS.test(line.replace(READ_ONLY_OPEN, '')));
    expect(offending).toEqual([]);
  });
});
