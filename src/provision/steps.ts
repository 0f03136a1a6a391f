// The eight steps of `provision`, their results and how one is said. Pure.

export const STEP_NAMES = ['admin bootstrap', 'project', 'identity', 'universal auth', 'client secret', 'folders', 'membership', 'env file'] as const;
export type StepName = (typeof STEP_NAMES)[number];

// created / exists: done now / found done. would-create: a dry run's answer for something absent.
// failed: a request failed (exit 1). conflict: what is there contradicts what would be written (exit 1).
export type StepResult = 'created' | 'exists' | 'would-create' | 'failed' | 'conflict';

export interface StepReport {
  step: number; // 1..8
  name: StepName;
  subject: string; // what the step is about: the project's name, the identity's, the env file...
  result: StepResult;
  detail?: string; // never a secret, a token or a password
}

export const stepReport = (name: StepName, subject: string, result: StepResult, detail?: string): StepReport => ({
  step: STEP_NAMES.indexOf(name) + 1,
  name,
  subject,
  result,
  ...(detail === undefined ? {} : { detail }),
});

// `provision [3/8] identity onex-runtime: created`
export const stepLine = (r: StepReport): string =>
  `provision [${r.step}/${STEP_NAMES.length}] ${r.name}${r.subject === '' ? '' : ` ${r.subject}`}: ${r.result}${r.detail === undefined ? '' : ` (${r.detail})`}`;

// Objects found by name: none, exactly one, or several (names are not unique on the server).
export type Found<T> = { kind: 'none' } | { kind: 'one'; item: T } | { kind: 'many'; items: T[] };

export const foundOne = <T>(items: readonly T[]): Found<T> =>
  items.length === 0 ? { kind: 'none' } : items.length === 1 ? { kind: 'one', item: items[0]! } : { kind: 'many', items: [...items] };

// The env file's client id and secret, as provision finds them before any request.
export type PairState =
  | { kind: 'none' }
  | { kind: 'pair'; clientId: string; clientSecret: string }
  | { kind: 'partial'; has: 'INFISICAL_CLIENT_ID' | 'INFISICAL_CLIENT_SECRET'; lacks: 'INFISICAL_CLIENT_ID' | 'INFISICAL_CLIENT_SECRET' };

const filled = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

export const pairState = (vars: Readonly<Record<string, string | undefined>>): PairState => {
  const id = vars['INFISICAL_CLIENT_ID'];
  const secret = vars['INFISICAL_CLIENT_SECRET'];
  if (filled(id) && filled(secret)) return { kind: 'pair', clientId: id.trim(), clientSecret: secret.trim() };
  if (filled(id)) return { kind: 'partial', has: 'INFISICAL_CLIENT_ID', lacks: 'INFISICAL_CLIENT_SECRET' };
  if (filled(secret)) return { kind: 'partial', has: 'INFISICAL_CLIENT_SECRET', lacks: 'INFISICAL_CLIENT_ID' };
  return { kind: 'none' };
};

export const partialPairMessage = (envFile: string, pair: Extract<PairState, { kind: 'partial' }>): string =>
  `${envFile} has ${pair.has} but no ${pair.lacks}: half a credential pair`;
export const PARTIAL_PAIR_HINT =
  'fill in the missing value, remove the other, or pass --force to mint a new client secret (the client id written is then the identity’s own)';

// Step 5: what to do about the client secret, from the env file's pair, whether it logs in, and the
// identity's real client id. A secret is minted only when the file has none that works for this
// identity; a pair is replaced only with --force, and then whole (never an old id beside a new secret).
export type SecretDecision = { action: 'keep' } | { action: 'mint'; replace: boolean } | { action: 'conflict'; message: string; hint: string };

export const decideClientSecret = (args: {
  pair: PairState;
  login: 'works' | 'refused' | 'not-tried';
  identityClientId: string;
  force: boolean;
  envFile: string;
  identityName: string;
}): SecretDecision => {
  const { pair, login, identityClientId, force, envFile, identityName } = args;
  if (pair.kind === 'none') return { action: 'mint', replace: false };
  if (force) return pair.kind === 'pair' && pair.clientId === identityClientId && login === 'works' ? { action: 'keep' } : { action: 'mint', replace: true };
  if (pair.kind === 'partial') return { action: 'conflict', message: partialPairMessage(envFile, pair), hint: PARTIAL_PAIR_HINT };
  if (pair.clientId !== identityClientId)
    return {
      action: 'conflict',
      message: `${envFile}'s INFISICAL_CLIENT_ID is not the client id of the identity ${identityName}`,
      hint: 'pass --identity-name of the identity it belongs to, or --force to replace the pair with a new secret of this one',
    };
  if (login !== 'works')
    return {
      action: 'conflict',
      message: `${envFile}'s INFISICAL_CLIENT_ID and INFISICAL_CLIENT_SECRET do not log in (a revoked or mistyped secret?)`,
      hint: 'fix the secret, or pass --force to mint a new one',
    };
  return { action: 'keep' };
};
