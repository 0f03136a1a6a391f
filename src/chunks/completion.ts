// Loaded only by `secrets-run completion SHELL`.
export { completionScript, COMPLETION_SHELLS } from '../cli/completion.js';
