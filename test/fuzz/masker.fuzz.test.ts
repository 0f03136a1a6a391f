// --mask over random chunkings: never a whole value through, never a changed byte outside a value,
// and the same output whatever the chunk boundaries (values that overlap, prefix one another, or
// straddle a boundary included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMasker, MASK, maskPatterns } from '../../src/launch/masker.js';
import { chunked, reference } from '../helpers/masker-reference.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

// A small alphabet, so values overlap and prefix one another often; no '*', so the replacement
// itself never makes a value. Bytes above 0x7f too: the masker works on bytes, never on characters.
const BYTES = [0x61, 0x62, 0x63, 0x0a, 0xc3, 0xa9, 0x00];
const bytes = (max: number, min = 1) => fc.array(fc.constantFrom(...BYTES), { minLength: min, maxLength: max }).map((b) => Buffer.from(b));

describe('the output masker', () => {
  // Patterns shorter than the mask go out as slices around it; as long or longer (all real ones), the
  // chunk is rewritten in place: both ways are checked.
  for (const [name, shortest] of [
    ['patterns of any length', 1],
    ['patterns at least as long as the mask', MASK.length],
  ] as const) {
    it(`masks exactly the union of occurrences, whatever the chunking (${name})`, () => {
      fc.assert(
        fc.property(
          fc.array(bytes(shortest + 5, shortest), { minLength: 1, maxLength: 4 }),
          fc.array(fc.oneof(bytes(8), fc.nat(3)), { maxLength: 12 }),
          fc.array(fc.nat(200), { maxLength: 12 }),
          (patterns, pieces, cuts) => {
            // The input: random bytes with whole values dropped in.
            const input = Buffer.concat(pieces.map((piece) => (typeof piece === 'number' ? patterns[piece % patterns.length]! : piece)));
            const expected = reference(input, patterns);
            // With room before each piece for any held tail, with too little for most, and none (last:
            // without room the pieces are the input's own memory, rewritten in place).
            expect(chunked(input, cuts, patterns, Math.max(...patterns.map((p) => p.length)))).toEqual(expected);
            expect(chunked(input, cuts, patterns, 1)).toEqual(expected);
            expect(chunked(input, cuts, patterns)).toEqual(expected);
            // No value survives whole, where no replacement could have made it (the alphabet has no '*').
            for (const p of patterns) expect(expected.includes(p)).toBe(false);
          },
        ),
        { numRuns: RUNS * 3 },
      );
    });
  }

  // The search reads a large chunk 64 KiB at a time (masker.ts, SEARCH_WINDOW): values placed on and
  // around those windows' edges, in chunks of up to 256 KiB (what --mask reads at a time).
  it('finds values across the search windows of a large chunk', () => {
    const WINDOW = 64 * 1024;
    fc.assert(
      fc.property(
        fc.array(bytes(24, MASK.length), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -30, max: 30 }), fc.nat(2)), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 4 * WINDOW }), { maxLength: 3 }),
        (patterns, placed, cuts) => {
          const input = Buffer.alloc(4 * WINDOW + 100, 'x');
          for (const [window, offset, which] of placed) patterns[which % patterns.length]!.copy(input, window * WINDOW + offset);
          const expected = reference(input, patterns).toString('latin1'); // first: the masker rewrites its input in place
          // As strings: a deep comparison of 256 KiB buffers takes seconds.
          expect(chunked(input, cuts, patterns, 24).toString('latin1')).toBe(expected);
          expect(chunked(input, cuts, patterns).toString('latin1')).toBe(expected);
        },
      ),
      { numRuns: Math.max(20, RUNS / 10) },
    );
  });

  // Output that keeps overlapping one value (a run of `ab` for `abababab`, no newline): past 64 KiB the
  // run is masked as it goes instead of held whole (masker.ts, MOST_HELD), so it costs no more than
  // other output. Several masks stand where the union of occurrences has one; nothing else differs.
  it('masks a run of overlapping occurrences as it goes, with no byte of a value through', () => {
    const masks = (text: string): string => text.replace(/(\*{5})+/g, '*****');
    fc.assert(
      fc.property(
        fc.constantFrom('ab', 'abc', 'a'),
        fc.integer({ min: 70_000, max: 200_000 }),
        bytes(8, 0),
        bytes(8, 0),
        fc.array(fc.integer({ min: 1, max: 400_000 }), { maxLength: 6 }),
        (unit, length, before, after, cuts) => {
          const pattern = Buffer.from(unit.repeat(Math.ceil(8 / unit.length)));
          const input = Buffer.concat([before, Buffer.from(unit.repeat(Math.ceil(length / unit.length))), after]);
          const expected = masks(reference(input, [pattern]).toString('latin1'));
          expect(masks(chunked(input, cuts, [pattern], pattern.length).toString('latin1'))).toBe(expected);
        },
      ),
      { numRuns: Math.max(10, RUNS / 30) },
    );
  });

  it('writes such a run as it goes, instead of holding it (and searching it again) to the end', () => {
    const masker = createMasker([Buffer.from('abababab')]);
    const text = (pieces: Buffer[]): string => Buffer.concat(pieces).toString();
    let written = '';
    for (let i = 0; i < 160; i++) written += text(masker.push(Buffer.alloc(64 * 1024, 'ab'))); // 10 MiB
    expect(written.length).toBeGreaterThan(0);
    expect(written + text(masker.end())).toMatch(/^(\*{5})+$/);
  });

  // After such a run, its kept bytes stand for a mask already written: every value found in them is
  // part of that mask, not only the first (two of `cdefghab` in the kept `bcdefgh abcdefgh ...`).
  it('covers every value found in the kept bytes of a run, not only the first', () => {
    const text = (pieces: Buffer[]): string => Buffer.concat(pieces).toString();
    const inPlace = createMasker([Buffer.from('abcdefgh'.repeat(4)), Buffer.from('cdefghab')]);
    let written = text(inPlace.push(Buffer.from('abcdefgh'.repeat(9000))));
    written += text(inPlace.push(Buffer.from('x'))) + text(inPlace.end());
    expect(written.replace(/(\*{5})+/g, '*****')).toBe('*****x');
    // A one-byte value touching the next occurrence of the run (as slices: shorter than the mask).
    const slices = createMasker([Buffer.from('abab'), Buffer.from('b')]);
    written = text(slices.push(Buffer.from('ab'.repeat(32_769)))) + text(slices.push(Buffer.from('ab'.repeat(100))));
    expect((written + text(slices.end())).replace(/(\*{5})+/g, '*****')).toBe('*****');
  });

  it('holds back only a tail that may start a value: the rest of a chunk goes out at once', () => {
    const masker = createMasker([Buffer.from('secret-value')]);
    const text = (pieces: Buffer[]): string => Buffer.concat(pieces).toString();
    expect(text(masker.push(Buffer.from('Password: ')))).toBe('Password: ');
    expect(text(masker.push(Buffer.from('ok secr')))).toBe('ok ');
    expect(text(masker.push(Buffer.from('et-value\n')))).toBe('*****\n');
    expect(text(masker.push(Buffer.from('secr')))).toBe('');
    expect(text(masker.end())).toBe('secr');
  });

  it('looks for each line of a value, its JSON and URL forms, and skips what is too short to mask', () => {
    const patterns = maskPatterns(['short', 'line-one-long\nline-two-long', 'p@ss "word"/1', 'ééééééééé']).map((p) => p.toString());
    expect(patterns).toEqual(
      expect.arrayContaining(['line-one-long', 'line-two-long', 'p@ss "word"/1', 'p@ss \\"word\\"/1', 'p%40ss%20%22word%22%2F1', 'ééééééééé']),
    );
    expect(patterns).not.toContain('short');
    expect(patterns.some((p) => p.includes('\n'))).toBe(false);
  });
});
