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

// Colour as Node decides it for its own output: FORCE_COLOR (not 0 or false) forces it, NO_COLOR
// turns it off, otherwise a terminal that is not `dumb` gets it.
export const wantsColour = (env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean => {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '0' && force.toLowerCase() !== 'false') return true;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return isTTY && env['TERM'] !== 'dumb';
};

const LABELS: readonly [RegExp, string][] = [
  [/^error:/, '\x1b[1;31m'],
  [/^warning:/, '\x1b[33m'],
  [/^hint:/, '\x1b[36m'],
];

// The line's label (error:, warning:, hint:) in colour; added after the sanitizer, so only these
// sequences of ours ever reach the terminal.
const coloured = (line: string): string => {
  for (const [label, code] of LABELS) {
    const match = label.exec(line);
    if (match !== null) return `${code}${match[0]}\x1b[0m${line.slice(match[0].length)}`;
  }
  return line;
};

// The stream is fetched at the first line: a run that prints nothing never creates process.stderr.
// Every line passes the one sanitizer, whatever it quotes (a key name, a file name, a server's
// words): it stays one line, and no escape sequence reaches the terminal but the label's colour.
export const createReporter = (
  stream: () => Writable,
  level: { quiet: boolean; verbose: boolean },
  env: Readonly<Record<string, string | undefined>> = {},
): Reporter => {
  let colour: boolean | undefined;
  const write = (line: string): void => {
    const out = stream();
    colour ??= wantsColour(env, (out as { isTTY?: boolean }).isTTY === true);
    const safe = escapeControls(line);
    out.write(PREFIX + (colour ? coloured(safe) : safe) + '\n');
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
