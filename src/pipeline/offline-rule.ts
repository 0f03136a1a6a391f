import type { Happened, InfisicalError } from '../infisical/errors.js';
import { describeTlsFailure } from '../infisical/transport/tls-failure.js';

// What a folder's failure means for its last-known-good values (docs/decisions.md, offline cache):
// - serve: Infisical could not be heard from (no connection, no answer in time, 5xx or 429 until the
//   tries or the deadline ran out): the cached values stand in, as old as they are, and are kept;
// - refuse: an answer that no waiting mends (a configuration, a proxy or a certificate to fix, a body
//   that is not Infisical's, an unexpected status): not served, kept for when it is fixed;
// - drop: the server said this identity may not read it (403): not served, and removed, so that a
//   later outage never serves what a revoked permission no longer allows;
// - forget: the credentials themselves were refused (401, or a 403 that survived the re-login): the
//   identity's offline and token caches are both deleted.
export type OfflineVerdict = { kind: 'serve'; because: string } | { kind: 'refuse' } | { kind: 'drop' } | { kind: 'forget' };

const serve = (because: string): OfflineVerdict => ({ kind: 'serve', because });
const REFUSE: OfflineVerdict = { kind: 'refuse' };
const FORGET: OfflineVerdict = { kind: 'forget' };

// One row per way a fetch falls short (infisical/errors.ts, Happened); a new kind fails to compile
// until it has a row here.
const BY_KIND: { readonly [K in Happened['kind']]: (h: Extract<Happened, { kind: K }>) => OfflineVerdict } = {
  // A certificate that is not trusted is no outage: the address or the CA is wrong.
  unreachable: (h) => (describeTlsFailure(h.network) === undefined ? serve('Infisical unreachable') : REFUSE),
  'no-answer-in-time': () => serve('Infisical did not answer in time'),
  'no-answer-after-tries': () => serve('Infisical did not answer in time'),
  'reply-too-slow': () => serve('Infisical did not answer in time'),
  'kept-failing': () => serve('Infisical failing'),
  'rate-limited': () => serve('Infisical rate-limited'),
  'reply-too-large': () => REFUSE,
  'reply-unread-here': () => REFUSE,
  misconfigured: () => REFUSE,
  'proxy-refused': () => REFUSE,
  'server-said': () => REFUSE,
  malformed: () => REFUSE,
  'no-secrets-route': () => REFUSE,
  'credentials-refused': () => FORGET,
  'token-refused': () => FORGET,
  // The CI runner would not give an ID token: Infisical said nothing about the credentials.
  'id-token-refused': () => REFUSE,
};

// Pure: the verdict for one failure. The code decides first where it says more than the kind: a login
// refused with 400 or 422 is refused credentials too, and a 403 on a folder is a permission.
export const offlineVerdict = (failure: Pick<InfisicalError, 'code' | 'happened'>): OfflineVerdict => {
  if (failure.happened.kind === 'id-token-refused') return REFUSE;
  if (failure.code === 'INFISICAL_AUTH_REFUSED') return FORGET;
  if (failure.code === 'INFISICAL_FORBIDDEN') return { kind: 'drop' };
  if (failure.code === 'INFISICAL_CONFIG') return REFUSE;
  return (BY_KIND[failure.happened.kind] as (h: Happened) => OfflineVerdict)(failure.happened);
};

const SEVERITY: Record<OfflineVerdict['kind'], number> = { serve: 0, refuse: 1, drop: 2, forget: 3 };

type Failure = Pick<InfisicalError, 'code' | 'happened' | 'folder'>;

// The folders a failure kept from arriving: a failure without a folder (the login) reaches every
// folder that did not arrive; one naming a root (a recursive listing) every folder below it.
export const reachedBy = (failure: Pick<Failure, 'folder'>, wanted: readonly string[], arrived: ReadonlySet<string>): string[] =>
  wanted.filter((folder) => !arrived.has(folder) && (failure.folder === undefined || folder.startsWith(failure.folder)));

// Each folder's verdict; a folder hit by several failures takes the gravest.
export const verdictsByFolder = (wanted: readonly string[], arrived: ReadonlySet<string>, failures: readonly Failure[]): Map<string, OfflineVerdict> => {
  const verdicts = new Map<string, OfflineVerdict>();
  for (const failure of failures) {
    const verdict = offlineVerdict(failure);
    for (const folder of reachedBy(failure, wanted, arrived)) {
      const before = verdicts.get(folder);
      if (before === undefined || SEVERITY[verdict.kind] > SEVERITY[before.kind]) verdicts.set(folder, verdict);
    }
  }
  return verdicts;
};
