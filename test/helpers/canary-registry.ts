// Every secret value a test hands to Infisical (through the emulator's seed) or to secrets-run (client
// secret, token) is registered here, and runCli checks each run's own output against all of them:
// the leak check covers the whole end-to-end suite, not only the canary test.

const known = new Set<string>();

// Short values ("0", "all", "prod") would match innocent output; every real credential is longer.
const MIN_LENGTH = 8;

export const registerSecret = (value: string | undefined): void => {
  if (value !== undefined && value.length >= MIN_LENGTH) known.add(value);
};

// The lines secrets-run wrote itself: every one of them carries the prefix; the child's do not.
export const ownOutput = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('secrets-run:'))
    .join('\n');

// Names the leaked secret by position only, so the failure message does not print it either.
export const findLeak = (text: string, extra: readonly (string | undefined)[] = []): string | undefined => {
  const candidates = [...known, ...extra.filter((v): v is string => v !== undefined && v.length >= MIN_LENGTH)];
  for (const value of candidates) {
    const at = text.indexOf(value);
    if (at !== -1) return `a registered secret (${value.length} characters) appears at offset ${at}`;
  }
  return undefined;
};
