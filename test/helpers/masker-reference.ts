// The masker's tests' reference (a plain search for each value) and the way they push an input
// through the masker in pieces.
import { createMasker, MASK } from '../../src/launch/masker.js';

// The reference: every occurrence of each pattern, one after another (each search one byte past the
// last start), occurrences merged where they share a byte.
export const reference = (input: Buffer, patterns: readonly Buffer[]): Buffer => {
  const spans: [number, number][] = [];
  for (const p of patterns.filter((p) => p.length > 0))
    for (let at = input.indexOf(p); at !== -1; at = input.indexOf(p, at + 1)) spans.push([at, at + p.length]);
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const parts: Buffer[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    parts.push(input.subarray(at, start), MASK);
    at = end;
  }
  parts.push(input.subarray(at));
  return Buffer.concat(parts);
};

// Each piece pushed on its own, with `room` bytes before it the masker may use for a tail it held
// back (as --mask reads them); the room is filled with the first pattern's bytes, so a masker that
// took more of it than its tail would show here.
export const chunked = (input: Buffer, cuts: readonly number[], patterns: readonly Buffer[], room = 0): Buffer => {
  const masker = createMasker(patterns);
  const out: Buffer[] = [];
  const push = (piece: Buffer): void => {
    if (room === 0) return void out.push(...masker.push(piece));
    const memory = Buffer.alloc(room + piece.length, patterns[0]!.length > 0 ? patterns[0] : 'a');
    piece.copy(memory, room);
    // Copied out: a later piece may reuse nothing of it, but the masker's pieces point into it.
    out.push(...masker.push(memory.subarray(room), room).map((p) => Buffer.from(p)));
  };
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b)) {
    push(input.subarray(at, cut));
    at = cut;
  }
  push(input.subarray(at));
  out.push(...masker.end());
  return Buffer.concat(out);
};
