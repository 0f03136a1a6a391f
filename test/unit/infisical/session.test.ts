import { describe, expect, it } from 'vitest';
import { TokenSession } from '../../../src/infisical/auth/session.js';

describe('token session', () => {
  it('logs in once, lazily, for every caller', async () => {
    let logins = 0;
    const session = new TokenSession(async () => `t${++logins}`, undefined);
    expect(await Promise.all([session.token(), session.token(), session.token()])).toEqual(['t1', 't1', 't1']);
    expect(logins).toBe(1);
  });

  it('re-logs in once when the token is refused; concurrent refusals share it', async () => {
    let logins = 0;
    const session = new TokenSession(async () => `t${++logins}`, undefined);
    const first = await session.token();
    expect(await Promise.all([session.refresh(first), session.refresh(first)])).toEqual(['t2', 't2']);
    expect(await session.refresh('t2')).toBeUndefined(); // a second refusal is final
    expect(logins).toBe(2);
    expect(session.relogins).toBe(1);
  });

  it('a preset INFISICAL_TOKEN is used as is; without credentials it cannot be renewed', async () => {
    const tokenOnly = new TokenSession(undefined, 'preset');
    expect(await tokenOnly.token()).toBe('preset');
    expect(await tokenOnly.refresh('preset')).toBeUndefined();
    const both = new TokenSession(async () => 'fresh', 'preset');
    expect(await both.refresh('preset')).toBe('fresh');
  });
});
