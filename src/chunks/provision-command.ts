// Loaded only by 'secrets-run provision'.
export { provisionCommand } from '../cli/commands/provision.js';
