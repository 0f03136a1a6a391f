import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// secrets-run writes no file (no cache, no log, no temp file), so no secret can end up in one. This
// keeps it that way: any file-writing API in the launcher's source fails here. The emulator (a test
// server) is not part of the launcher: it lives in emulator/, outside src/.
const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const WRITERS =
  /\b(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|mkdir|mkdirSync|mkdtemp|rename|renameSync|copyFile|cp|cpSync|symlink|link|truncate|open|openSync|rm|rmSync|unlink|unlinkSync)\b\s*\(/;

// Opening read-only is reading (util/read-regular-file.ts opens without blocking, which readFileSync cannot).
const READ_ONLY_OPEN = /\bopenSync\(\s*\w+,\s*constants\.O_RDONLY \| constants\.O_NONBLOCK\)/g;

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('the launcher writes no files', () => {
  const launcher = files(SRC);

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
