import { sep } from 'node:path';

// Code-point order, as Python compares str; JS `<` compares UTF-16 code units, which differs for
// characters above U+FFFF against those in U+E000..U+FFFF.
export const compareCodePoints = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only surrogate-vs-non-surrogate pairs disagree with code-point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
};

// Component by component, like sorted() on pathlib paths: "a/b" sorts before "a-b/c".
export const comparePaths = (a: string, b: string): number => {
  const pa = a.split(sep);
  const pb = b.split(sep);
  const length = Math.min(pa.length, pb.length);
  for (let i = 0; i < length; i++) {
    const c = compareCodePoints(pa[i]!, pb[i]!);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
};
