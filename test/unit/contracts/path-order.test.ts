import { describe, expect, it } from 'vitest';
import { compareCodePoints, comparePaths } from '../../../src/contracts/path-order.js';

describe('path order', () => {
  it('compares component by component, like sorted() on pathlib paths', () => {
    const paths = ['a-b/contract.yaml', 'a/z/contract.yaml', 'a/contract.yaml', 'A/contract.yaml', 'a/b/contract.yaml'];
    expect([...paths].sort(comparePaths)).toEqual(['A/contract.yaml', 'a/b/contract.yaml', 'a/contract.yaml', 'a/z/contract.yaml', 'a-b/contract.yaml']);
  });

  it('uses code points, not UTF-16 units or the locale', () => {
    // U+FF5E (fullwidth tilde) is a BMP char above the surrogates; U+1F600 is astral.
    const bmpHigh = '\uff5e';
    const astral = '\u{1f600}';
    expect(bmpHigh < astral).toBe(false); // what plain JS comparison says
    expect(compareCodePoints(bmpHigh, astral)).toBeLessThan(0); // what Python says
    expect(['é', 'z', 'e', 'Z'].sort(compareCodePoints)).toEqual(['Z', 'e', 'z', 'é']);
  });

  it('orders a prefix before its extensions', () => {
    expect(comparePaths('a/contract.yaml', 'a/contract.yaml/x')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
  });
});
