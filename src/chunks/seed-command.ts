// Loaded only by 'secrets-run seed'.
export { seedCommand } from '../cli/commands/seed.js';
