import { createClientSecret } from '../../infisical/routes/admin/universal-auth.js';
import { CLIENT_ID, CLIENT_SECRET, conflict, KEPT, type ProvisionContext } from '../context.js';
import { decideClientSecret } from '../steps.js';

// 5. The client secret: minted only when the env file has no pair that works for this identity, and
// saved at once with the rest of the four, so a later failure never loses it (a re-run would mint
// another). The id written beside it is always the identity's own.
export const clientSecretStep = async (run: ProvisionContext): Promise<void> => {
  const { options, admin, identity, clientId, pair } = run;
  const name = options.identityName;
  run.begin('client secret', name, admin);
  if (run.provisioned) return run.done('client secret', name, 'exists', KEPT);
  if (admin === undefined || identity === undefined || clientId === undefined) {
    run.identityUpdates = [
      { key: CLIENT_ID, value: '(new)', replace: true },
      { key: CLIENT_SECRET, value: '(new)', replace: true },
    ];
    return run.done('client secret', name, 'would-create');
  }
  const decision = decideClientSecret({
    pair,
    login: run.login,
    identityClientId: clientId,
    force: options.force,
    envFile: options.envFile,
    identityName: name,
  });
  if (decision.action === 'conflict') throw conflict(decision.message, decision.hint);
  if (decision.action === 'keep') return run.done('client secret', name, 'exists');
  if (options.dryRun) {
    run.identityUpdates = [
      { key: CLIENT_ID, value: clientId, replace: decision.replace },
      { key: CLIENT_SECRET, value: '(new)', replace: true },
    ];
    return run.done('client secret', name, 'would-create', decision.replace ? `--force: replaces the pair in ${options.envFile}` : undefined);
  }
  const secret = await createClientSecret(admin, identity.id, `secrets-run provision (${name})`);
  run.hide(secret);
  run.identityUpdates = [
    { key: CLIENT_ID, value: clientId, replace: decision.replace },
    { key: CLIENT_SECRET, value: secret, replace: decision.replace },
  ];
  run.begin('env file', options.envFile);
  run.saveEnv([...run.identityUpdates, ...run.placeUpdates()]);
  run.done('client secret', name, 'created', `saved to ${options.envFile}`);
};
