import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND, SecretsRunError } from '../errors.js';
import { shellInvocation } from './platform-shell.js';
import type { LaunchTarget } from './spawn-child.js';

export interface CommandFs {
  stat(path: string): Stats; // follows links; throws as fs.statSync does
  access(path: string, mode: number): void; // throws as fs.accessSync does
}

export interface ResolveDeps {
  platform?: NodeJS.Platform;
  fs?: CommandFs;
}

const nodeFs: CommandFs = { stat: (path) => statSync(path), access: (path, mode) => accessSync(path, mode) };

// libuv's search when the child's environment has no PATH (_PATH_DEFPATH).
const DEFAULT_PATH = '/usr/bin:/bin';

type Probe = 'runs' | 'denied' | 'absent';

// What execve would say of one path: a regular file we may execute runs; a directory, a file without
// the execute bit, or a directory on the way we may not search is EACCES; anything else is not there.
const probe = (path: string, fs: CommandFs): Probe => {
  let stats: Stats;
  try {
    stats = fs.stat(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EACCES' ? 'denied' : 'absent';
  }
  if (!stats.isFile()) return 'denied';
  try {
    fs.access(path, constants.X_OK);
    return 'runs';
  } catch {
    return 'denied';
  }
};

// The search Node's spawn makes (libuv's execvpe, as POSIX execvp): a name with a slash is that path;
// any other is looked for in each PATH directory in turn (an empty entry is the working directory),
// the first that runs wins, and when none does, one that exists but is denied makes it EACCES.
export const findCommand = (file: string, path: string | undefined, cwd: string, fs: CommandFs = nodeFs): Probe => {
  if (file.includes('/')) return probe(resolve(cwd, file), fs);
  let denied = false;
  for (const dir of (path ?? DEFAULT_PATH).split(':')) {
    const found = probe(resolve(cwd, dir, file), fs);
    if (found === 'runs') return 'runs';
    if (found === 'denied') denied = true;
  }
  return denied ? 'denied' : 'absent';
};

// Throws, with the words and status the spawn would have led to, when the command cannot start: so
// that it is said at once, before anything is fetched. POSIX only: on Windows cross-spawn finds the
// command itself (PATHEXT, cmd.exe shims), and a failed start is said after the fetch as before. A
// command that passes can still fail to start (its #! interpreter is missing); the spawn says that.
export const checkCommand = (target: LaunchTarget, path: string | undefined, cwd: string, deps: ResolveDeps = {}): void => {
  const platform = deps.platform ?? process.platform;
  if (platform === 'win32') return;
  const file = 'shell' in target ? shellInvocation('', platform).file : target.file;
  const found = findCommand(file, path, cwd, deps.fs);
  const named = 'shell' in target ? `the shell ${file}` : file;
  if (found === 'absent') throw new SecretsRunError('COMMAND_NOT_FOUND', `command not found: ${named}`, { exitCode: EXIT_NOT_FOUND });
  if (found === 'denied') throw new SecretsRunError('COMMAND_NOT_EXECUTABLE', `cannot execute ${named}: permission denied`, { exitCode: EXIT_NOT_EXECUTABLE });
};
