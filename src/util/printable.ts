// The one sanitizer for text from outside (a file's name or contents, a key name, a server's
// message) on its way into anything secrets-run prints.
//
// What it escapes: the C0 controls (ESC starts every terminal escape sequence; CR and LF start a new
// line, which could pass for one of ours, `secrets-run: ...`), DEL, the C1 controls (0x9b is a
// one-byte CSI to some terminals), the Unicode line and paragraph separators, and the bidirectional
// controls, which reorder what is shown. Each is shown as an escape (`\x1b`, `\n`, `\u202e`), never
// removed: removing them could join the parts around them into something else (a secret split by an
// escape sequence, made whole again on screen), and an escape shows the operator what was there.
//
// A backslash is left as it is, so escaping twice changes nothing: the text is escaped where it is
// quoted (so a table's columns line up) and again as every line is written (cli/reporter.ts, the
// plan's renderers), whatever path it took.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
// The same less the C0 controls, which JSON.stringify escapes inside strings itself (and the line
// breaks between a pretty-printed document's lines are its own).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escapeOne = (c: string): string => {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
};

// One line, every character that could act on a terminal shown escaped.
export const escapeControls = (text: string): string => text.replace(UNSAFE, escapeOne);

// JSON.stringify escapes the C0 controls but not DEL, C1 or the Unicode separators and bidi controls:
// those are written as \u escapes, which JSON reads back as the same character (in JSON.stringify's
// output they occur only inside strings, so the JSON stays valid and means the same).
export const escapeJsonControls = (json: string): string => json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// Cut short, so a long value cannot flood the terminal.
export const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

// Text from outside quoted in one of our messages: escaped, trimmed, cut short.
export const printable = (value: string, max = 80): string => clip(escapeControls(value).trim(), max);
