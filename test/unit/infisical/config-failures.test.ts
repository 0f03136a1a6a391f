import { describe, expect, it } from 'vitest';
import { configFailures } from '../../../src/infisical/config-failures.js';

const MESSAGE = 'INFISICAL_TOKEN holds a character no HTTP header can carry (a line break, a control character, or one beyond Latin-1)';
const base = { addr: { value: 'http://infisical.test', name: 'INFISICAL_ADDR' }, projectId: { value: 'p', name: 'INFISICAL_PROJECT_ID' } };

describe('settings that keep Infisical from being asked', () => {
  it('an INFISICAL_TOKEN holding a line break is said as such, naming the variable, never showing it', () => {
    const [failure] = configFailures({ ...base, token: { value: 'secret-token\nX', name: 'INFISICAL_TOKEN' } });
    expect(failure?.message).toBe(MESSAGE);
    expect(configFailures({ ...base, token: { value: 'secret-token', name: 'INFISICAL_TOKEN' } })).toEqual([]);
  });

  it('so is one beyond Latin-1, which the HTTP client would refuse at the first request (said as unreachable)', () => {
    const [failure] = configFailures({ ...base, token: { value: 'secret-token\u20ac', name: 'INFISICAL_TOKEN' } });
    expect(failure?.message).toBe(MESSAGE);
    expect(configFailures({ ...base, token: { value: 'secret-token\u00e9', name: 'INFISICAL_TOKEN' } })).toEqual([]);
  });
});
