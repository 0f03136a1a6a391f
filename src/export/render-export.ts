import { BOOTSTRAP_VARS } from '../sources/bootstrap-vars.js';

// What `secrets-run export` prints: the variables a run adds to or changes in the environment it
// inherits (docs/decisions.md, export). Pure: names and values in, text out; it never prints.

export const MASK = '********';

const BOOTSTRAP_NAMES: ReadonlySet<string> = new Set(BOOTSTRAP_VARS.flatMap((v) => v.names));

// The child's environment minus what it inherits unchanged, minus the bootstrap variables (the
// login to Infisical is never a secret to hand on), sorted by name.
export const exportedVars = (child: Readonly<Record<string, string>>, inherited: Readonly<Record<string, string | undefined>>): [string, string][] =>
  Object.keys(child)
    .filter((name) => !BOOTSTRAP_NAMES.has(name) && (!Object.hasOwn(inherited, name) || inherited[name] !== child[name]))
    .sort()
    .map((name) => [name, child[name]!]);

// A name the dotenv parser reads as one.
const DOTENV_NAME = /^[\w.-]+$/;

// One value quoted so that the dotenv package reads back exactly it, or undefined when no quoting
// can: single quotes are literal and may span lines; backticks likewise, for a value with a single
// quote; double quotes are the only way to carry a carriage return (dotenv turns CR and CRLF in the
// file into LF), and there `\n` and `\r` are the only escapes, so a value with a CR, a double quote
// or a literal backslash-n or backslash-r cannot be written.
export const dotenvQuote = (value: string): string | undefined => {
  if (!value.includes('\r')) {
    if (!value.includes("'")) return `'${value}'`;
    if (!value.includes('`')) return `\`${value}\``;
    return undefined;
  }
  if (value.includes('"') || /\\[nr]/.test(value)) return undefined;
  return `"${value.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
};

export interface Rendered {
  text: string;
  left: string[]; // names that could not be written in the format, and were left out
}

export const renderDotenv = (vars: readonly [string, string][], reveal: boolean): Rendered => {
  const lines: string[] = [];
  const left: string[] = [];
  for (const [name, value] of vars) {
    const quoted = reveal ? dotenvQuote(value) : MASK;
    if (quoted === undefined || !DOTENV_NAME.test(name)) left.push(name);
    else lines.push(`${name}=${quoted}\n`);
  }
  return { text: lines.join(''), left };
};

export const renderJson = (vars: readonly [string, string][], reveal: boolean): Rendered => {
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of vars) out[name] = reveal ? value : MASK;
  return { text: JSON.stringify(out, null, 2) + '\n', left: [] };
};
