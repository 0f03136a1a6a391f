import { describe, expect, it } from 'vitest';
import { configFailures } from '../../../src/infisical/config-failures.js';

const base = { addr: { value: 'http://infisical.test', name: 'INFISICAL_ADDR' }, projectId: { value: 'p', name: 'INFISICAL_PROJECT_ID' } };

describe('settings that keep Infisical from being asked', () => {
  it('an INFISICAL_TOKEN holding a line break is said as such, naming the variable, never showing it', () => {
    const [failure] = configFailures({ ...base, token: { value: 'secret-token\nX', name: 'INFISICAL_TOKEN' } });
    expect(failure?.message).toBe('INFISICAL_TOKEN holds a control character (a line break?), which no HTTP header can carry');
    expect(configFailures({ ...base, token: { value: 'secret-token', name: 'INFISICAL_TOKEN' } })).toEqual([]);
  });
});
