// Loaded only by a run with --mask.
export { maskPlanner } from '../launch/mask-plan.js';
export { prepareMaskedOutput } from '../launch/mask-output.js';
