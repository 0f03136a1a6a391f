// `${VAR}` in env files, as Docker Compose and python-dotenv read them (docs/configuration.md, Where each variable
// comes from). Not dotenv-expand: it scans a value again after each substitution, so an inherited
// `$HOME` inside a substituted value would be expanded too, and it cannot see quotes (dotenv has
// removed them), so a single-quoted value would not stay literal.

// dotenv's own line pattern (its parse() reads with it): which keys were given quoted, and how.
const LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

// Keys whose last assignment in the text is single- or backtick-quoted: their values are literal.
export const literalKeys = (source: string): Set<string> => {
  const literal = new Set<string>();
  const text = source.replace(/\r\n?/g, '\n');
  for (const match of text.matchAll(LINE)) {
    const quote = (match[2] ?? '').trim()[0];
    if (quote === "'" || quote === '`') literal.add(match[1]!);
    else literal.delete(match[1]!);
  }
  return literal;
};

export type Lookup = (name: string) => string | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

// The index of the `}` closing the `${` whose `{` is at `open`, nested ones skipped; -1 when none.
const closing = (text: string, open: number): number => {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
};

// One `${...}` body: NAME, or NAME followed by :-, -, :+ or + and a word (itself expanded).
const braced = (body: string, lookup: Lookup): string | undefined => {
  const name = NAME.exec(body)?.[0];
  if (name === undefined) return undefined;
  const value = lookup(name);
  const rest = body.slice(name.length);
  if (rest === '') return value ?? '';
  const operator = /^(:-|-|:\+|\+)/.exec(rest)?.[0];
  if (operator === undefined) return undefined;
  const word = (): string => expandValue(rest.slice(operator.length), lookup);
  const set = operator.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
  if (operator.endsWith('-')) return set ? value! : word();
  return set ? word() : '';
};

// Pure: `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`, `${NAME+alt}`;
// `$$` and `\$` are a `$`. What a name stands for is put in as it is, never scanned again. An unset
// name is empty; anything else after a `$` (or an unclosed `${`) stays as written.
export const expandValue = (value: string, lookup: Lookup): string => {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && value[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = value[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '{') {
      const end = closing(value, i + 1);
      const expanded = end === -1 ? undefined : braced(value.slice(i + 2, end), lookup);
      if (expanded === undefined) out += c;
      else {
        out += expanded;
        i = end;
      }
    } else {
      const name = NAME.exec(value.slice(i + 1))?.[0];
      if (name === undefined) out += c;
      else {
        out += lookup(name) ?? '';
        i += name.length;
      }
    }
  }
  return out;
};

export interface ExpandableLayer {
  file: string;
  vars: Record<string, string>;
  literal?: ReadonlySet<string>;
}

// The env files' values expanded in order, each file's lines top-down: a name is looked up in the
// inherited environment first (which wins over the files for the command too), then among the values
// already expanded, earlier files' included. Literal (single-quoted) values are left as written.
export const expandLayers = <L extends ExpandableLayer>(layers: readonly L[], inherited: Readonly<Record<string, string | undefined>>): L[] => {
  const seen = new Map<string, string>();
  const lookup: Lookup = (name) => (Object.hasOwn(inherited, name) && inherited[name] !== undefined ? inherited[name] : seen.get(name));
  return layers.map((layer) => {
    const vars: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, raw] of Object.entries(layer.vars)) {
      const value = layer.literal?.has(name) === true || !raw.includes('$') ? raw : expandValue(raw, lookup);
      if (name === '__proto__') Object.defineProperty(vars, name, { value, enumerable: true, writable: true, configurable: true });
      else vars[name] = value;
      seen.set(name, value);
    }
    return { ...layer, vars };
  });
};
