import type { ProvisionContext } from '../context.js';

// 8. The env file: whatever of the four is still absent or empty (0600, replaced atomically).
export const envFileStep = (run: ProvisionContext): void => {
  const { options } = run;
  run.begin('env file', options.envFile);
  run.saveEnv([...run.identityUpdates, ...run.placeUpdates()]);
  if (run.written.length === 0) return run.done('env file', options.envFile, 'exists', 'nothing to fill');
  run.done('env file', options.envFile, options.dryRun ? 'would-create' : 'created', run.written.join(', '));
};
