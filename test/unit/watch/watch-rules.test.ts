import { describe, expect, it } from 'vitest';
import { changedKeys, pollDelay, restartLine, watchedValues } from '../../../src/watch/watch-rules.js';

describe('what --watch restarts for', () => {
  it('a planned key whose value changed, appeared or vanished; nothing else', () => {
    const keys = ['A', 'B', 'C', 'D'];
    const before = watchedValues(keys, { A: '1', B: '2', C: '3', OTHER: 'x' });
    const after = watchedValues(keys, { A: '1', B: 'changed', D: 'new', OTHER: 'y' });
    expect(changedKeys(before, after)).toEqual(['B', 'C', 'D']);
    expect(changedKeys(before, before)).toEqual([]);
  });

  it('the interval ±10%, doubled after each failed poll up to 4 times', () => {
    expect(pollDelay(60_000, 0, () => 0)).toBe(54_000);
    expect(pollDelay(60_000, 0, () => 1)).toBe(66_000);
    expect(pollDelay(60_000, 1, () => 0.5)).toBe(120_000);
    expect(pollDelay(60_000, 2, () => 0.5)).toBe(240_000);
    expect(pollDelay(60_000, 9, () => 0.5)).toBe(240_000);
  });

  it('names at most five keys in the restart line', () => {
    expect(restartLine(['A'], 'SIGTERM', 10_000)).toBe('1 key changed (A); restarting (SIGTERM, 10 s grace)');
    expect(restartLine(['A', 'B', 'C', 'D', 'E', 'F'], 'SIGINT', 2500)).toBe('6 keys changed (A, B, C, D, E, ...); restarting (SIGINT, 2.5 s grace)');
  });
});
