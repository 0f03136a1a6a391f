import { parse } from 'dotenv';

// The four variables written into an env file the user already has: only keys that are absent or
// empty are filled (a key is replaced only when the caller says so: --force), and everything else —
// comments, blank lines, other keys, their order, `export ` prefixes — stays byte for byte. Pure.

export interface EnvUpdate {
  key: string;
  value: string;
  replace: boolean; // replace a non-empty value too
}

export interface MergedEnv {
  text: string;
  written: string[]; // the keys whose value changed, in update order
}

// dotenv's own line pattern (dotenv/lib/main.js), with indices: an assignment is found where dotenv
// finds it, so the value replaced is the one dotenv reads (the last assignment of a key wins there).
const LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

// Values written without quotes must be read back as they are: ids, hex secrets and URLs are.
const PLAIN = /^[A-Za-z0-9._~:/?&=+%@,[\]-]*$/;

export const formatValue = (value: string): string => {
  if (PLAIN.test(value)) return value;
  if (!/['\r\n]/.test(value)) return `'${value}'`;
  throw new Error('a value with a quote or a line break is not written to an env file here');
};

// Where the last assignment of `key` starts and where its value ends (the separator's end when the
// value is empty or blank, so a comment after it stays).
const lastAssignment = (text: string, key: string): { start: number; end: number } | undefined => {
  let found: { start: number; end: number } | undefined;
  for (const match of text.matchAll(LINE)) {
    if (match[1] !== key) continue;
    const [keyStart, keyEnd] = match.indices![1]!;
    const value = match.indices![2];
    // Spaces after an unquoted value are part of dotenv's match (it trims them): they stay, before any comment.
    if (value !== undefined) found = { start: keyStart, end: value[0] + text.slice(value[0], value[1]).trimEnd().length };
    else found = { start: keyStart, end: keyEnd + /^[ \t]*[=:]/.exec(text.slice(keyEnd))![0].length };
  }
  return found;
};

export const mergeEnvText = (original: string, updates: readonly EnvUpdate[]): MergedEnv => {
  let text = original;
  const written: string[] = [];
  const appended: string[] = [];
  for (const { key, value, replace } of updates) {
    const current = parse(text)[key];
    if (current === value || (current !== undefined && current !== '' && !replace)) continue;
    const line = `${key}=${formatValue(value)}`;
    const place = current === undefined ? undefined : lastAssignment(text, key);
    if (place === undefined) appended.push(line);
    else text = text.slice(0, place.start) + line + text.slice(place.end);
    written.push(key);
  }
  if (appended.length > 0) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const head = text === '' || text.endsWith('\n') ? text : text + eol;
    text = head + ['# Infisical machine identity (secrets-run provision)', ...appended].join(eol) + eol;
  }
  // Read back as every reader of the file will: a merge that did not land is a bug, not a file.
  const after = parse(text);
  for (const { key, value } of updates) if (written.includes(key) && after[key] !== value) throw new Error(`env file merge: ${key} did not read back`);
  return { text, written };
};
