// Loaded only by a run with --mask.
export { planMask } from '../launch/mask-plan.js';
export { maskChildOutput } from '../launch/mask-output.js';
