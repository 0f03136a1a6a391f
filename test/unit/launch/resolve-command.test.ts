import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand, findCommand } from '../../../src/launch/resolve-command.js';
import { isSecretsRunError } from '../../../src/errors.js';
import { makeTree } from '../../helpers/tree.js';

// A tree: bin/tool (executable), bin/plain (no x bit), bin/dir/ (a directory), other/tool (executable).
const tree = (): string => {
  const cwd = makeTree({ 'bin/tool': '#!/bin/sh\n', 'bin/plain': 'x', 'other/tool': '#!/bin/sh\n', 'other/plain': '#!/bin/sh\n' });
  chmodSync(join(cwd, 'bin/tool'), 0o755);
  chmodSync(join(cwd, 'bin/plain'), 0o644);
  chmodSync(join(cwd, 'other/tool'), 0o755);
  chmodSync(join(cwd, 'other/plain'), 0o755);
  mkdirSync(join(cwd, 'bin/dir'));
  writeFileSync(join(cwd, 'local'), '#!/bin/sh\n', { mode: 0o755 });
  return cwd;
};

const thrown = (fn: () => void): { code: string; exit: number; message: string } | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (!isSecretsRunError(error)) throw error;
    return { code: error.code, exit: error.exitCode, message: error.message };
  }
};

describe('finding the command as the spawn will (execvp)', () => {
  it('searches PATH in order; a later runnable file beats an earlier one without the x bit', () => {
    const cwd = tree();
    expect(findCommand('tool', `${cwd}/bin:${cwd}/other`, cwd)).toBe('runs');
    expect(findCommand('plain', `${cwd}/bin:${cwd}/other`, cwd)).toBe('runs');
    expect(findCommand('plain', `${cwd}/bin`, cwd)).toBe('denied');
    expect(findCommand('dir', `${cwd}/bin`, cwd)).toBe('denied');
    expect(findCommand('nope', `${cwd}/bin:${cwd}/other`, cwd)).toBe('absent');
  });

  it('takes a name with a slash as a path from the working directory; an empty PATH entry is the working directory', () => {
    const cwd = tree();
    expect(findCommand('./local', '', cwd)).toBe('runs');
    expect(findCommand('bin/plain', '/nonexistent', cwd)).toBe('denied');
    expect(findCommand('./missing', undefined, cwd)).toBe('absent');
    expect(findCommand('local', `/nonexistent:`, cwd)).toBe('runs');
    // No PATH at all: libuv's default, /usr/bin:/bin.
    expect(findCommand('sh', undefined, cwd)).toBe('runs');
  });

  it('throws the words and status the spawn would have led to', () => {
    const cwd = tree();
    expect(thrown(() => checkCommand({ file: 'nope', args: [] }, `${cwd}/bin`, cwd))).toEqual({
      code: 'COMMAND_NOT_FOUND',
      exit: 127,
      message: 'command not found: nope',
    });
    expect(thrown(() => checkCommand({ file: 'bin/plain', args: [] }, '', cwd))).toEqual({
      code: 'COMMAND_NOT_EXECUTABLE',
      exit: 126,
      message: 'cannot execute bin/plain: permission denied',
    });
    expect(thrown(() => checkCommand({ file: 'tool', args: [] }, `${cwd}/bin`, cwd))).toBeUndefined();
    // --command runs /bin/sh, whatever PATH says; on Windows cross-spawn finds the command itself.
    expect(thrown(() => checkCommand({ shell: 'nope' }, '/nonexistent', cwd))).toBeUndefined();
    expect(thrown(() => checkCommand({ file: 'nope', args: [] }, '/nonexistent', cwd, { platform: 'win32' }))).toBeUndefined();
  });
});
