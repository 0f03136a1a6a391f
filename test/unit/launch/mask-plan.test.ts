import { describe, expect, it } from 'vitest';
import { maskPlanner, planMask } from '../../../src/launch/mask-plan.js';

describe('what --mask hides', () => {
  const child = {
    FROM_INFISICAL: 'a-long-secret-value',
    SHORT: 'abc',
    SAME: 'inherited-long-value',
    CHANGED: 'changed-long-value',
    EMPTY: '',
    PATH: '/usr/bin',
  };
  const inherited = { SAME: 'inherited-long-value', CHANGED: 'was-something-else', PATH: '/usr/bin' };

  it('every value secrets-run put in or changed, long enough; never one inherited unchanged', () => {
    const plan = planMask(child, inherited, false);
    expect(plan.masked).toEqual(['CHANGED', 'FROM_INFISICAL']);
    expect(plan.tooShort).toEqual(['SHORT']);
    expect(plan.patterns.map(String)).toEqual(expect.arrayContaining(['a-long-secret-value', 'changed-long-value']));
    expect(plan.patterns.map(String)).not.toContain('inherited-long-value');
    expect(plan.github).toBe('');
  });

  it("--mask=github: one ::add-mask:: per qualifying line, escaped as GitHub's commands are", () => {
    const plan = planMask({ K: 'line-one-long%x\nshort\nline-three-long' }, {}, true);
    expect(plan.github).toBe('::add-mask::line-one-long%25x\n::add-mask::line-three-long\n');
  });

  it('--watch: a restarted command is masked for its new values and the earlier ones; only new lines are registered again', () => {
    const planFor = maskPlanner({}, true);
    const first = planFor({ HOST: 'db-host-one', USER: 'user-from-server' });
    expect(first.github).toBe('::add-mask::db-host-one\n::add-mask::user-from-server\n');
    const second = planFor({ HOST: 'db-host-two', USER: 'user-from-server' });
    expect(second.masked).toEqual(['HOST', 'USER']);
    expect(second.patterns.map(String).sort()).toEqual(['db-host-one', 'db-host-two', 'user-from-server']);
    expect(second.github).toBe('::add-mask::db-host-two\n');
    expect(planFor({ HOST: 'db-host-two', USER: 'user-from-server' }).github).toBe('');
  });
});
