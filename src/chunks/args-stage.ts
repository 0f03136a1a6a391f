// Loaded only when the command line carries flags of ours (see cli/quick-args.ts).
export { parseArgs } from '../cli/parse-args.js';
