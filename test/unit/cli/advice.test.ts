import { describe, expect, it } from 'vitest';
import { ADVICE } from '../../../src/cli/advice.js';
import { ERROR_CODES } from '../../../src/errors.js';

// These say their fix in the message or in a hint of their own (docs/errors.md).
const OWN_WORDS = new Set(['ENVIRONMENT_TOO_LARGE', 'PROVISION_CONFLICT', 'FILE_WRITE_FAILED', 'SPAWN_FAILED']);

describe('what to do, for every error code', () => {
  it('every code has advice, unless its message or its own hint says what to do', () => {
    expect(ERROR_CODES.filter((code) => ADVICE[code] === undefined && !OWN_WORDS.has(code))).toEqual([]);
  });

  it('advice is one short line that names something to run, set or check', () => {
    for (const advice of Object.values(ADVICE)) {
      expect(advice).not.toMatch(/\n/);
      expect(advice.length).toBeLessThanOrEqual(120);
    }
  });
});
