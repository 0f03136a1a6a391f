import type { ParsedArgs } from './parse-args.js';

// The command lines that carry no flag of ours: `-- CMD ARGS...`, or `CMD ARGS...` whose first word
// is not an option and not a command word (plan, export, seed, provision). They are the Dockerfile and npm-script shapes, so they skip
// yargs-parser (13 KB to compile and about 3 ms to start) and get exactly what parseArgs would
// return; anything else, errors included, goes to parseArgs.
export const quickArgs = (argv: readonly string[]): ParsedArgs | undefined => {
  const rest = argv[0] === '--' ? argv.slice(1) : argv;
  const file = rest[0];
  if (file === undefined || file === '') return undefined;
  if (
    rest === argv &&
    (file.startsWith('-') ||
      ['plan', 'export', 'seed', 'provision', 'help', 'version', 'completion'].includes(file) ||
      (file === 'cache' && rest[1] === 'clear'))
  )
    return undefined;
  return { command: { kind: 'run', file, args: rest.slice(1) }, flags: {} };
};
