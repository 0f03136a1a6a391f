import type { Writable } from 'node:stream';
import type { LaunchDeps } from '../launch/spawn-child.js';

export interface Io {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: Writable;
  stderr: Writable;
  launch?: LaunchDeps;
}

// How the wrapper should end: with a status, or by re-raising the child's fatal signal.
export interface Outcome {
  status: number;
  signal?: NodeJS.Signals;
}
