// Loaded only when the offline cache is on and Infisical was asked: node:crypto and the cache's files.
export { offlineStep } from '../pipeline/offline-step.js';
