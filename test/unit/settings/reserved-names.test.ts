import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../../../src/settings/config-file.js';
import { readEnvSettings } from '../../../src/settings/env-settings.js';
import { aliasesKind, transportsKind } from '../../../src/settings/kinds.js';
import { resolveSettings } from '../../../src/settings/settings.js';
import { failure } from '../../helpers/failure.js';
import { makeTree } from '../../helpers/tree.js';

// A transport or alias named __proto__ once vanished from a plain object without a word.
describe('config maps refuse __proto__, constructor and prototype, naming them', () => {
  it.each(['__proto__', 'constructor', 'prototype', '__PROTO__', ' Constructor '])('in the config file: transports: {%s: [A]}', (name) => {
    const cwd = makeTree({ '.secrets-run.yaml': `transports: {"${name}": [A]}\n` });
    const f = failure(() => readConfigFile('.secrets-run.yaml', cwd));
    expect(f).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 125 });
    expect(f.message).toBe(`config file .secrets-run.yaml: transports: '${name}' cannot name a transport (__proto__, constructor, prototype are reserved)`);
  });

  it('in the config file, whatever the value', () => {
    const cwd = makeTree({ '.secrets-run.yaml': 'aliases: {__proto__: 5}\n' });
    expect(failure(() => readConfigFile('.secrets-run.yaml', cwd)).message).toContain("aliases: '__proto__' cannot name an alias");
  });

  it('in SECRETS_RUN_TRANSPORTS and SECRETS_RUN_ALIASES', () => {
    expect(failure(() => readEnvSettings({ SECRETS_RUN_TRANSPORTS: 'db=A;__proto__=B' }))).toMatchObject({
      code: 'CONFIG_INVALID',
      message: "SECRETS_RUN_TRANSPORTS: '__proto__' cannot name a transport (__proto__, constructor, prototype are reserved)",
    });
    expect(failure(() => readEnvSettings({ SECRETS_RUN_ALIASES: 'prototype=db' })).message).toContain("SECRETS_RUN_ALIASES: 'prototype' cannot name an alias");
  });

  it('in --transport and --alias (usage errors, 125)', () => {
    expect(failure(() => transportsKind.argv(['db=A', 'constructor=B'], 'transport'))).toMatchObject({
      code: 'USAGE',
      exitCode: 125,
      message: "--transport: 'constructor' cannot name a transport (__proto__, constructor, prototype are reserved)",
    });
    expect(failure(() => aliasesKind.argv(['__proto__=db'], 'alias')).message).toContain("--alias: '__proto__' cannot name an alias");
  });

  it('an ordinary table merges per name across layers, on no prototype', () => {
    const settings = resolveSettings([
      { origin: 'command line', transports: { db: ['A'] } },
      { origin: 'environment', transports: { kafka: ['B'] } },
    ] as never);
    expect(Object.getPrototypeOf(settings.transports)).toBeNull();
    expect({ ...settings.transports }).toEqual({ db: ['A'], kafka: ['B'] });
  });
});
