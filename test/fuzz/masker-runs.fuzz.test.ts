// --mask over long runs of overlapping occurrences (masker.ts, MOST_HELD) mixed with other values of
// other lengths, some of them inside the run: against the union of occurrences, with runs of masks
// collapsed (a run past 64 KiB may show several), whatever the chunking and the room before a chunk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunked, reference } from '../helpers/masker-reference.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const masks = (text: string): string => text.replace(/(\*{5})+/g, '*****');
const BYTES = [0x61, 0x62, 0x63, 0x0a];
const bytes = (max: number, min = 1) => fc.array(fc.constantFrom(...BYTES), { minLength: min, maxLength: max }).map((b) => Buffer.from(b));

// Where to cut: anywhere, or every `step` bytes (many pushes while a run is held).
const cutsOf = (length: number, at: readonly number[], step: number | undefined): number[] =>
  step === undefined ? at.map((c) => c % (length + 1)) : Array.from({ length: Math.floor(length / step) }, (_, i) => (i + 1) * step);

describe('the output masker, on long runs of overlapping values', () => {
  it('masks the union of occurrences, runs of masks aside, with values inside and around a run', () => {
    fc.assert(
      fc.property(
        bytes(3), // the run's unit
        fc.integer({ min: 2, max: 12 }), // how many units make the run's value
        fc.array(fc.oneof(bytes(6), fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 12 }))), { minLength: 1, maxLength: 3 }), // other values: random, or a slice of the run
        fc.array(fc.oneof(fc.integer({ min: 65_540, max: 72_000 }), bytes(10), fc.nat(5)), { minLength: 1, maxLength: 4 }), // runs, bytes, values
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.option(fc.integer({ min: 16_000, max: 70_000 }), { nil: undefined }),
        fc.constantFrom<number | 'longest'>(0, 1, 'longest'),
        (unit, units, others, segments, at, step, roomOf) => {
          const runValue = Buffer.concat(Array<Buffer>(units).fill(unit));
          const runOf = (length: number): Buffer => Buffer.concat(Array<Buffer>(Math.ceil(length / unit.length)).fill(unit));
          const patterns = [runValue, ...others.map((o) => (Buffer.isBuffer(o) ? o : runOf(80).subarray(o[0], o[0] + o[1])))];
          const input = Buffer.concat(segments.map((s) => (Buffer.isBuffer(s) ? s : s >= 65_540 ? runOf(s) : patterns[s % patterns.length]!)));
          const longest = Math.max(...patterns.map((p) => p.length));
          const room = roomOf === 'longest' ? longest : roomOf;
          const expected = masks(reference(input, patterns).toString('latin1'));
          expect(masks(chunked(input, cutsOf(input.length, at, step), patterns, room).toString('latin1'))).toBe(expected);
        },
      ),
      { numRuns: Math.max(20, RUNS / 10) },
    );
  });

  // A value longer than the most held: one occurrence reaching into the tail is already past it.
  it('masks values longer than 64 KiB that overlap themselves or others', () => {
    fc.assert(
      fc.property(
        bytes(2),
        fc.integer({ min: 65_537, max: 67_000 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 200 }), bytes(6)), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom<number | 'longest'>(0, 'longest'),
        (unit, length, segments, at, roomOf) => {
          const runOf = (n: number): Buffer => Buffer.concat(Array<Buffer>(Math.ceil(n / unit.length)).fill(unit));
          const patterns = [runOf(length), Buffer.concat([unit, Buffer.from('c')])];
          const input = Buffer.concat(segments.map((s) => (Buffer.isBuffer(s) ? s : runOf(length + s))));
          const room = roomOf === 'longest' ? patterns[0]!.length : 0;
          const expected = masks(reference(input, patterns).toString('latin1'));
          expect(masks(chunked(input, cutsOf(input.length, at, undefined), patterns, room).toString('latin1'))).toBe(expected);
        },
      ),
      { numRuns: Math.max(3, RUNS / 100) },
    );
  });
});
