import { describe, expect, it } from 'vitest';
import { isDangerousKey, refuseDangerousKeys } from '../../../src/resolve/dangerous-keys.js';

describe('keys that can take over a process', () => {
  it.each([
    'LD_PRELOAD',
    'LD_LIBRARY_PATH',
    'DYLD_INSERT_LIBRARIES',
    'NODE_OPTIONS',
    'PATH',
    'BASH_ENV',
    'ENV',
    'PYTHONSTARTUP',
    'JAVA_TOOL_OPTIONS',
    'BASH_FUNC_x%%',
    'HOME',
    'PROMPT_COMMAND',
  ])('%s is dangerous', (key) => expect(isDangerousKey(key)).toBe(true));

  it.each(['POSTGRES_HOST', 'OPENAI_API_KEY', 'PATHS', 'MY_PATH', 'NODE_ENV', 'LOAD_PRELOAD', 'HOMEPAGE_URL'])('%s is not', (key) => {
    expect(isDangerousKey(key)).toBe(false);
  });

  it('refuses them from Infisical unless allowed by name', () => {
    const fetched = new Map([
      ['NODE_OPTIONS', { value: '--require /tmp/evil.js', folder: '/shared/env/' }],
      ['LD_PRELOAD', { value: '/tmp/evil.so', folder: '/shared/env/' }],
      ['POSTGRES_HOST', { value: 'db', folder: '/shared/db/' }],
    ]);
    const { kept, refused } = refuseDangerousKeys(fetched, ['LD_PRELOAD'], () => true);
    expect([...kept.keys()]).toEqual(['LD_PRELOAD', 'POSTGRES_HOST']);
    expect(refused).toEqual([{ key: 'NODE_OPTIONS', folder: '/shared/env/' }]);
  });

  it('drops, but does not report, a value that would have lost anyway', () => {
    const fetched = new Map([['PATH', { value: '/evil', folder: '/shared/env/' }]]);
    expect(refuseDangerousKeys(fetched, [], () => false)).toEqual({ kept: new Map(), refused: [] });
  });
});
