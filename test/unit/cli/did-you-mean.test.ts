import { describe, expect, it } from 'vitest';
import { SecretsRunError } from '../../../src/errors.js';
import { subcommandLike, withDidYouMean } from '../../../src/cli/did-you-mean.js';

describe('did you mean, for secrets-run subcommands only', () => {
  it('knows a typo of plan, and nothing else', () => {
    for (const typo of ['plna', 'pln', 'paln', 'Plan', 'plan2', 'lan']) expect(subcommandLike(typo)).toBe('plan');
    for (const other of ['plan', 'ls', 'node', 'planet', 'pnpm', 'pl']) expect(subcommandLike(other)).toBeUndefined();
  });

  it('adds the hint to a command not found, and leaves any other error alone', () => {
    const notFound = new SecretsRunError('COMMAND_NOT_FOUND', 'command not found: plna', { exitCode: 127 });
    const hinted = withDidYouMean(notFound, 'plna') as SecretsRunError;
    expect([hinted.code, hinted.exitCode, hinted.message, hinted.hint]).toEqual([
      'COMMAND_NOT_FOUND',
      127,
      'command not found: plna',
      "did you mean 'secrets-run plan'?",
    ]);
    const other = new SecretsRunError('USAGE', 'x');
    expect(withDidYouMean(other, 'plna')).toBe(other);
    expect(withDidYouMean(notFound, 'node')).toBe(notFound);
  });
});
