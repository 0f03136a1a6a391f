// Where seed values come from, and which values look like no value at all. Pure: the caller reads
// and parses the files (as `run` parses env files) and hands over the environment.

export interface SourcedValue {
  value: string;
  source: string; // the file's name as given, or 'environment': shown beside the action, never the value
}

export interface ValueSourceInput {
  files: readonly { name: string; values: Readonly<Record<string, string>> }[]; // --import-env, in order
  environment?: Readonly<Record<string, string | undefined>>; // only with --values-from-env
}

export const ENVIRONMENT_SOURCE = 'environment';

// Precedence as in `run`: the inherited environment above the files, later files above earlier ones.
// One difference: an empty value never hides a non-empty one from a lower source, since seed writes
// no empty value (docs/decisions.md, Seed); an empty value is kept only where nothing else has the key.
export const mergeValueSources = ({ files, environment }: ValueSourceInput): Map<string, SourcedValue> => {
  const merged = new Map<string, SourcedValue>();
  const put = (key: string, value: string, source: string): void => {
    const before = merged.get(key);
    if (value === '' && before !== undefined && before.value !== '') return;
    merged.set(key, { value, source });
  };
  for (const file of files) for (const [key, value] of Object.entries(file.values)) put(key, value, file.name);
  if (environment !== undefined) {
    for (const [key, value] of Object.entries(environment)) if (value !== undefined) put(key, value, ENVIRONMENT_SOURCE);
  }
  return merged;
};

// Values an example file holds where the real one goes. Upstream's bootstrap seeds
// `docs/env-example-full.txt`, whose `__REPLACE_WITH_…__` values became prod values.
const PLACEHOLDERS: readonly RegExp[] = [
  /^__[A-Za-z0-9_.-]+__$/, // __REPLACE_WITH_PASSWORD__
  /^change[-_]?me$/i, // changeme, CHANGE_ME, change-me
  /^<[^<>]+>$/, // <your-password>
  /^(todo|fixme|tbd)$/i,
  /^x{3,}$/i, // xxx, XXXXXXXX
];

// Pure. `${VAR}` is not among them: Infisical writes its references to other secrets that way (`${KEY}`, `${dev.shared.KEY}`).
export const isPlaceholder = (value: string): boolean => {
  const trimmed = value.trim();
  return PLACEHOLDERS.some((pattern) => pattern.test(trimmed));
};

// Pure: the value Infisical keeps of one written to it: trimmed, but one trailing newline survives
// (docs/emulator.md, the secret writes). A source value is compared with a stored one in this
// form, or one with a trailing space would differ, and be rewritten, on every run.
export const asStored = (value: string): string => (value.endsWith('\n') ? `${value.trim()}\n` : value.trim());
