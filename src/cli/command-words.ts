// The first words (not after `--`) that name one of the wrapper's own commands rather than a program
// to run. parseArgs reads them; quickArgs leaves any command line starting with one to parseArgs, so
// both take their list from here.

// Commands that take options before and after the word, and no command.
export const COMMAND_WORDS = ['plan', 'export', 'seed', 'provision'] as const;
export type CommandWord = (typeof COMMAND_WORDS)[number];

// Every first word parseArgs reads as its own (`cache` too, but only as `cache clear`).
export const OWN_WORDS: readonly string[] = [...COMMAND_WORDS, 'help', 'version', 'completion'];
