import type { Writable } from 'node:stream';
import { escapeControls } from '../util/printable.js';

export const PREFIX = 'secrets-run: ';

// The launcher's own lines, on stderr, prefixed; stdout belongs to the child.
export interface Reporter {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  detail(message: string): void; // --verbose only
}

// The stream is fetched at the first line: a run that prints nothing never creates process.stderr.
// Every line passes the one sanitizer, whatever it quotes (a key name, a file name, a server's
// words): it stays one line, and no escape sequence reaches the terminal.
export const createReporter = (stream: () => Writable, level: { quiet: boolean; verbose: boolean }): Reporter => {
  const write = (line: string): void => {
    stream().write(PREFIX + escapeControls(line) + '\n');
  };
  return {
    error: write,
    warn: (m) => (level.quiet ? undefined : write(m)),
    info: (m) => (level.quiet ? undefined : write(m)),
    detail: (m) => (level.verbose ? write(m) : undefined),
  };
};

// Resolves once everything written so far has been handed to the OS, so an exit or a re-raised
// signal cannot cut a pipe's output short.
export const flushed = (stream: Writable): Promise<void> =>
  new Promise((resolve) => {
    if (stream.writableLength === 0) return resolve();
    stream.write('', () => resolve());
  });
