import { EVENT_ID, NOT_RESOLVED, Schema, YAML11_SCHEMA, YAMLException, boolYaml11Tag, defineScalarTag, loadAll, parseEvents } from 'js-yaml';

// js-yaml, not yaml, parses contracts: measured on 2.8 KB contracts it takes about 60 µs a file
// against 700 µs (even yaml's lexer alone takes 120 µs), and a 10,000-contract tree must scan in
// well under a second. The schema is YAML 1.1 as PyYAML's safe_load resolves it.

// PyYAML's 1.1 booleans: yes/no/on/off/true/false in three casings, but not y/n (which js-yaml's
// 1.1 tag accepts and the upstream extractor would read as the truthy strings "y" and "n").
const PY_TRUE = new Set(['yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const PY_FALSE = new Set(['no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const pyBoolTag = defineScalarTag('tag:yaml.org,2002:bool', {
  implicit: true,
  implicitFirstChars: ['y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O'],
  resolve: (source: string) => (PY_TRUE.has(source) ? true : PY_FALSE.has(source) ? false : NOT_RESOLVED),
  identify: (object: unknown) => typeof object === 'boolean',
});
const SCHEMA = new Schema([...YAML11_SCHEMA.tags.filter((t) => t !== boolYaml11Tag), pyBoolTag]);

// json: a repeated key keeps the last value, as PyYAML does. Aliases are shared, never copied, so an
// alias bomb costs nothing; depth is capped by js-yaml (100).
const OPTIONS = { schema: SCHEMA, json: true, maxAliases: 10_000 } as const;

export type YamlResult = { ok: true; data: unknown } | { ok: false; message: string; line?: number };

// One document, like safe_load: an empty file (or only comments) is null; several documents are an error.
export const parseYaml11 = (text: string): YamlResult => {
  try {
    const docs = loadAll(text, OPTIONS);
    if (docs.length > 1) return { ok: false, message: 'expected a single document in the stream, but found more', line: secondDocumentLine(text) };
    return { ok: true, data: docs[0] ?? null };
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark?.line;
      return { ok: false, message: error.reason ?? 'invalid YAML', line: line === undefined ? undefined : line + 1 };
    }
    // A RangeError from pathological nesting, say: still a problem of this file, never a crash.
    return { ok: false, message: error instanceof Error ? error.message : 'invalid YAML' };
  }
};

const secondDocumentLine = (text: string): number | undefined => {
  const lines = text.split('\n');
  const starts = lines.map((l, i) => (/^---(\s|$)/.test(l) ? i + 1 : 0)).filter((n) => n > 0);
  return starts[starts[0] === firstContentLine(lines) ? 1 : 0];
};

const firstContentLine = (lines: string[]): number => lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#')) + 1;

export type LineOf = (path: readonly (string | number)[]) => number | undefined;

// The 1-based line of the value at `path` (mapping keys and sequence indexes), for problem reports.
// The first question walks js-yaml's event stream once, which carries source offsets, and keeps the
// line of every scalar value by its path; every later question is a lookup. (Walking the stream per
// question made a contract with 8,000 bad entries take 83 s.) A repeated key reports its last
// occurrence, the one whose value counts. Undefined when the path runs through an alias or merge.
export const lineLocator = (text: string): LineOf => {
  let lines: Map<string, number> | undefined;
  return (path) => {
    lines ??= indexLines(text);
    return lines.get(pathKey(path));
  };
};

// A key "0" and an index 0 must differ.
const stepKey = (step: string | number): string => (typeof step === 'number' ? `[${step}]` : `.${step.length}:${step}`);
const pathKey = (path: readonly (string | number)[]): string => path.map(stepKey).join('');

type Frame = { kind: 'map'; key: string | undefined; at: string | undefined } | { kind: 'seq'; index: number; at: string | undefined };

const indexLines = (text: string): Map<string, number> => {
  const lines = new Map<string, number>();
  let events;
  try {
    events = parseEvents(text, {});
  } catch {
    return lines;
  }
  const lineAt = lineCounter(text);
  const stack: Frame[] = [];
  const top = (): Frame | undefined => stack[stack.length - 1];
  const isKeyPosition = (): boolean => top()?.kind === 'map' && (top() as { key?: string }).key === undefined;
  // The path of the value about to start; undefined inside a key, or under a key that is not a scalar.
  const here = (): string | undefined => {
    const frame = top();
    if (frame === undefined) return '';
    if (frame.at === undefined) return undefined;
    if (frame.kind === 'seq') return frame.at + stepKey(frame.index);
    return frame.key === '\u0000' ? undefined : frame.at + stepKey(frame.key!);
  };
  // A key or value just ended in the current collection.
  const advance = (asKey: string | undefined): void => {
    const frame = top();
    if (frame?.kind === 'map') frame.key = frame.key === undefined ? (asKey ?? '\u0000') : undefined;
    else if (frame?.kind === 'seq') frame.index++;
  };
  for (const event of events) {
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      const at = isKeyPosition() ? undefined : here();
      stack.push(event.type === EVENT_ID.MAPPING ? { kind: 'map', key: undefined, at } : { kind: 'seq', index: 0, at });
    } else if (event.type === EVENT_ID.SCALAR || event.type === EVENT_ID.ALIAS) {
      if (isKeyPosition()) {
        advance(event.type === EVENT_ID.SCALAR ? text.slice(event.valueStart, event.valueEnd) : undefined);
        continue;
      }
      const at = event.type === EVENT_ID.SCALAR ? here() : undefined;
      if (at !== undefined && event.type === EVENT_ID.SCALAR) lines.set(at, lineAt(event.valueStart));
      advance(undefined);
    } else if (event.type === EVENT_ID.POP) {
      if (stack.pop() !== undefined) advance(undefined);
    }
  }
  return lines;
};

// The line of an offset, by binary search over the offsets of the newlines (found once).
const lineCounter = (text: string): ((offset: number) => number) => {
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) newlines.push(i);
  return (offset) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (newlines[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
};
