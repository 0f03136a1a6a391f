// `${VAR}` in env files, against what Docker Compose's documentation and dotenv-expand's README say
// each form gives.
import { describe, expect, it } from 'vitest';
import { expandLayers, expandValue, literalKeys } from '../../../src/sources/expand-env.js';

const env: Record<string, string | undefined> = { HOST: 'db.local', EMPTY: '', DOLLAR: 'a$HOME$b' };
const lookup = (name: string): string | undefined => env[name];

describe('env-file expansion', () => {
  it.each([
    // Compose: "Direct substitution"
    ['${HOST}', 'db.local'],
    ['$HOST', 'db.local'],
    ['http://${HOST}:5432/', 'http://db.local:5432/'],
    ['$HOST.suffix', 'db.local.suffix'],
    // Compose: "Default value"
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${UNSET-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${HOST:-fallback}', 'db.local'],
    // Compose: "Alternative value"
    ['${HOST:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    // Nested defaults (Compose)
    ['${UNSET:-${HOST}}', 'db.local'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    // Unset without default: empty (Compose warns, dotenv-expand gives '')
    ['x${UNSET}y', 'xy'],
    // Escapes: $$ (Compose), \\$ (dotenv-expand)
    ['price $$5', 'price $5'],
    ['\\$HOST', '$HOST'],
    // Not a reference: stays as written
    ['a $ b', 'a $ b'],
    ['$1 and ${', '$1 and ${'],
    ['${not a name}', '${not a name}'],
    ['trailing $', 'trailing $'],
  ])('%s → %s', (input, output) => {
    expect(expandValue(input, lookup)).toBe(output);
  });

  it('puts a value in as it is: a `$` inside what a name stands for is never expanded', () => {
    expect(expandValue('${DOLLAR}', lookup)).toBe('a$HOME$b');
    expect(expandValue('$DOLLAR', lookup)).toBe('a$HOME$b');
  });

  it('knows the single- and backtick-quoted keys of a file, by their last assignment', () => {
    const text = "A='$X'\nB=\"$X\"\nC=$X\nD=`$X`\nexport E='x'\nE=$Y\nF='multi\nline $X'\n";
    expect([...literalKeys(text)].sort()).toEqual(['A', 'D', 'F']);
  });

  it('looks a name up in the inherited environment first, then among earlier lines and files', () => {
    const layers: { file: string; vars: Record<string, string>; literal: Set<string> }[] = [
      { file: 'a.env', vars: { HOST: 'from-file', PORT: '5432', URL: 'http://$HOST:$PORT/' }, literal: new Set<string>() },
      { file: 'b.env', vars: { DSN: 'pg://${USER:-anon}@${HOST}:${PORT}', RAW: '$PORT' }, literal: new Set(['RAW']) },
    ];
    const [a, b] = expandLayers(layers, { HOST: 'inherited-host' });
    expect(a!.vars).toEqual({ HOST: 'from-file', PORT: '5432', URL: 'http://inherited-host:5432/' });
    expect(b!.vars).toEqual({ DSN: 'pg://anon@inherited-host:5432', RAW: '$PORT' });
  });
});
