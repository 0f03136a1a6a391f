// Loaded only when a run has something to assess (Infisical, contracts, a value left out) and by plan.
export { assess, strictProblems, wordsOf } from '../pipeline/assess.js';
export { reportRun } from '../cli/report-run.js';
