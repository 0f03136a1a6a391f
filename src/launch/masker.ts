// --mask: the child's output with every injected value replaced, on raw bytes, as it streams.
//
// What is replaced is the union of every occurrence of every pattern: overlapping occurrences become
// one replacement, so bytes that belong to no value are never touched, and a value is never let
// through in part (a value that contains another, or two that overlap, are covered whole). A chunk
// boundary changes nothing: only a tail that could still become (or extend) an occurrence is held
// back, until the next chunk or the end says what it is. There is no timer: a timer that flushed a
// held tail would print the first half of a value written in two pieces.

export const MASK = Buffer.from('*****');
const EMPTY = Buffer.alloc(0);

// Values shorter than this are not masked: `5432` or `true` would garble ordinary output.
export const MIN_MASK_LENGTH = 8;

// The byte strings to look for: each value of at least `minLength` characters, and the forms a
// program prints it in, JSON-escaped and URL-encoded. A value on several lines is looked for line by
// line (each line long enough on its own), so no pattern holds a newline and a newline always
// releases what is held: a line-buffered prompt never waits on a value it might start.
export const maskPatterns = (values: Iterable<string>, minLength = MIN_MASK_LENGTH): Buffer[] => {
  const forms = new Set<string>();
  for (const value of values) {
    for (const line of value.split(/\r?\n/)) {
      if ([...line].length < minLength) continue;
      forms.add(line);
      forms.add(JSON.stringify(line).slice(1, -1));
      forms.add(encodeURIComponent(line));
    }
  }
  return [...forms].map((form) => Buffer.from(form, 'utf8'));
};

interface Span {
  start: number;
  end: number;
  silent?: true; // already replaced by a mask written before: dropped, with no mask of its own
}

// One search for all the patterns at once: a regular expression of their alternatives, run over the
// bytes read as latin1 (one character a byte, so its offsets are byte offsets). On bench/mask.mjs's
// log it is twice as fast as one Buffer.indexOf per pattern with 4 patterns or 150, as fast with 30.
// It only says where some pattern starts; which ones, and how long, is checked on the bytes.
// V8 compiles no expression past a size (two forms of a value of about 32 KB: a base64-encoded file):
// then none, and one Buffer.indexOf per pattern. Compiled here, on an empty string (V8 compiles at
// the first exec), not on the command's first output: the error it throws quotes the expression,
// every value in it, and thrown while reading it would end secrets-run with them on stderr.
const finderOf = (patterns: readonly Buffer[]): RegExp | undefined => {
  const literal = (pattern: Buffer): string =>
    [...pattern.toString('latin1')].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('');
  try {
    const finder = new RegExp(patterns.map(literal).join('|'), 'g');
    finder.exec('');
    return finder;
  } catch {
    return undefined;
  }
};

// The search reads at most this much of a chunk as one string: a longer one goes to V8's
// large-object space, a mapping of its own each time (256 KiB strings made a masked run of
// bench/mask.mjs twice as slow), while the chunks read may be larger.
const SEARCH_WINDOW = 64 * 1024;

// Where each pattern occurs in `data`, by the regular expression: windows overlap by the longest
// pattern but one byte, so an occurrence that crosses into the next window is found whole; each is
// counted in the window where it starts.
const foundByFinder = (data: Buffer, patterns: readonly Buffer[], finder: RegExp, longest: number): Span[] => {
  const found: Span[] = [];
  for (let from = 0; from < data.length; from += SEARCH_WINDOW) {
    const starts = Math.min(data.length, from + SEARCH_WINDOW);
    const text = data.toString('latin1', from, Math.min(data.length, starts + longest - 1));
    // Each search starts one byte after the last start found, not after its match: an occurrence of
    // another pattern may begin inside it.
    finder.lastIndex = 0;
    for (let hit = finder.exec(text); hit !== null && from + hit.index < starts; hit = finder.exec(text)) {
      const at = from + hit.index;
      for (const pattern of patterns) {
        const end = at + pattern.length;
        if (end <= data.length && data.compare(pattern, 0, pattern.length, at, end) === 0) found.push({ start: at, end });
      }
      finder.lastIndex = hit.index + 1;
    }
  }
  return found;
};

// The same without one (values too large for V8 to compile as one expression): each pattern looked for
// on its own.
const foundByIndexOf = (data: Buffer, patterns: readonly Buffer[]): Span[] =>
  patterns.flatMap((pattern) => {
    const found: Span[] = [];
    for (let at = data.indexOf(pattern); at !== -1; at = data.indexOf(pattern, at + 1)) found.push({ start: at, end: at + pattern.length });
    return found;
  });

// Every occurrence of every pattern in `data`, merged where they overlap, in order.
const coveredSpans = (data: Buffer, patterns: readonly Buffer[], finder: RegExp | undefined, longest: number): Span[] => {
  const found = finder === undefined ? foundByIndexOf(data, patterns) : foundByFinder(data, patterns, finder, longest);
  found.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of found) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
};

// The length of the longest tail of `data` that is the start of a pattern (not the whole of it).
const partialTail = (data: Buffer, patterns: readonly Buffer[]): number => {
  let longest = 0;
  for (const pattern of patterns) {
    const most = Math.min(pattern.length - 1, data.length);
    for (let length = most; length > longest; length--) {
      const from = data.length - length;
      if (data[from] === pattern[0] && data.compare(pattern, 0, length, from) === 0) {
        longest = length;
        break;
      }
    }
  }
  return longest;
};

// What to write, in order. Where every span is at least as long as the mask (always, for values
// of 8+ characters), the chunk is rewritten in place, shrinking left to right so no byte is
// overwritten before it is read: one buffer to write, with no allocation. Written as slices of
// `data` and the mask between them, several buffers cost more (measured with bench/mask.mjs: Node's
// writev path costs more CPU than the copy it saves). Shorter spans (a short pattern, in tests)
// would grow the chunk, so they go out as those pieces.
const render = (data: Buffer, spans: readonly Span[], upTo: number): Buffer[] => {
  const within = spans.filter((span) => span.start < upTo);
  if (within.length === 0) return upTo === 0 ? [] : [data.subarray(0, upTo)];
  if (within.every((span) => span.silent === true || span.end - span.start >= MASK.length)) {
    let out = within[0]!.start;
    let at = out;
    for (const span of within) {
      data.copyWithin(out, at, span.start);
      out += span.start - at;
      if (span.silent !== true) {
        data.set(MASK, out);
        out += MASK.length;
      }
      at = span.end;
    }
    data.copyWithin(out, at, upTo);
    out += upTo - at;
    return [data.subarray(0, out)];
  }
  const parts: Buffer[] = [];
  let at = 0;
  for (const span of within) {
    if (span.start > at) parts.push(data.subarray(at, span.start));
    if (span.silent !== true) parts.push(MASK);
    at = span.end;
  }
  if (upTo > at) parts.push(data.subarray(at, upTo));
  return parts;
};

export interface Masker {
  // What can be written now, in pieces; `chunk` may be rewritten in place. `room`: how many bytes just
  // before `chunk`, in the same memory, are the masker's to overwrite.
  push(chunk: Buffer, room?: number): Buffer[];
  end(): Buffer[]; // the rest, once the stream has ended
}

// A held tail in front of the next chunk: in the room before it when there is enough (no copy of the
// chunk, which a tail at a fifth of the boundaries of an ordinary log makes costly at 256 KiB),
// else in a new buffer.
const joined = (held: Buffer, chunk: Buffer, room: number): Buffer => {
  if (held.length === 0) return chunk;
  if (held.length > room) return Buffer.concat([held, chunk]);
  const data = Buffer.from(chunk.buffer, chunk.byteOffset - held.length, held.length + chunk.length);
  held.copy(data);
  return data;
};

// An occurrence reaching into the tail is held whole, as a later one may overlap it; output that
// keeps overlapping one value (`abababab` for `ababab...` with no newline) would hold, and search
// again, ever more. Past this length it is masked at once, and only its last bytes (where a later
// occurrence may start) kept, as already masked: a later occurrence through them gets a mask of its
// own, so the output has more masks than the union of occurrences would, and no byte of a value.
const MOST_HELD = 64 * 1024;

// The spans found, after a held prefix already masked: merged with it (one more mask) when any
// overlap it, else dropped without a mask. Every one that starts in it is merged, not only the
// first: the prefix may hold several values that do not overlap one another (`cdefghab` twice in
// the kept end of a run of `abcdefgh`), and a span left overlapping the merged one would be written
// again after it, or move render's in-place copy backwards.
const afterMasked = (spans: Span[], masked: number): Span[] => {
  if (masked === 0) return spans;
  let end = masked;
  let merged = 0;
  while (merged < spans.length && spans[merged]!.start < end) end = Math.max(end, spans[merged++]!.end);
  return [merged === 0 ? { start: 0, end, silent: true } : { start: 0, end }, ...spans.slice(merged)];
};

export const createMasker = (patterns: readonly Buffer[]): Masker => {
  const usable = patterns.filter((p) => p.length > 0);
  const finder = finderOf(usable);
  const longest = Math.max(0, ...usable.map((p) => p.length));
  let held = EMPTY;
  let masked = 0; // the first bytes of `held` that a mask written before stands for
  return {
    push(chunk, room = 0) {
      if (usable.length === 0) return [chunk];
      const data = joined(held, chunk, room);
      const spans = afterMasked(coveredSpans(data, usable, finder, longest), masked);
      // Held back: a tail that may still become an occurrence, and any occurrence reaching into it
      // (a later one may overlap it, and overlapping ones are masked as one).
      let cut = data.length - partialTail(data, usable);
      let reaching: Span | undefined;
      for (const span of spans) if (span.start < cut && span.end > cut) [reaching, cut] = [span, span.start];
      if (reaching !== undefined && reaching.silent !== true && reaching.end - reaching.start > MOST_HELD) {
        const keep = Math.max(reaching.start, reaching.end - (longest - 1));
        held = Buffer.from(data.subarray(keep));
        masked = reaching.end - keep;
        return render(
          data,
          spans.filter((s) => s.end <= reaching.end),
          reaching.end,
        );
      }
      held = cut === data.length ? EMPTY : Buffer.from(data.subarray(cut));
      if (cut > 0) masked = 0;
      return render(
        data,
        spans.filter((s) => s.end <= cut),
        cut,
      );
    },
    end() {
      const rest = held;
      held = EMPTY;
      const spans = afterMasked(coveredSpans(rest, usable, finder, longest), masked);
      masked = 0;
      return render(rest, spans, rest.length);
    },
  };
};
