// Loaded only by a run with --watch.
export { watchRun } from '../watch/watch-run.js';
