import { describe, expect, it } from 'vitest';
import { InfisicalError, type Happened, type InfisicalCode } from '../../../src/infisical/errors.js';
import { offlineVerdict, verdictsByFolder } from '../../../src/pipeline/offline-rule.js';

const failure = (code: InfisicalCode, happened: Happened, folder?: string, status?: number): InfisicalError =>
  new InfisicalError({ code, host: 'http://infisical.test', phase: 'list', happened, status, folder });

// The serving rule, one row per way a fetch falls short: transient failures serve the cache, nothing
// else does; a 403 drops the folder's entry, refused credentials forget the identity.
const TABLE: [string, InfisicalError, string][] = [
  ['connection refused', failure('INFISICAL_UNREACHABLE', { kind: 'unreachable', network: 'ECONNREFUSED' }), 'serve'],
  ['no such host (DNS)', failure('INFISICAL_UNREACHABLE', { kind: 'unreachable', network: 'ENOTFOUND' }), 'serve'],
  ['connection reset', failure('INFISICAL_UNREACHABLE', { kind: 'unreachable', network: 'ECONNRESET' }), 'serve'],
  ['5xx until the tries ran out', failure('INFISICAL_UNREACHABLE', { kind: 'kept-failing' }, undefined, 503), 'serve'],
  ['no answer within the deadline', failure('INFISICAL_TIMEOUT', { kind: 'no-answer-in-time', seconds: '10 s' }), 'serve'],
  ['every try timed out', failure('INFISICAL_TIMEOUT', { kind: 'no-answer-after-tries', tries: 3 }), 'serve'],
  ['a large reply not read in time', failure('INFISICAL_TIMEOUT', { kind: 'reply-too-slow', megabytes: 40, seconds: '10 s' }), 'serve'],
  ['429 past the deadline', failure('INFISICAL_RATE_LIMITED', { kind: 'rate-limited', retryAfterSeconds: 48, deadline: '10 s' }, undefined, 429), 'serve'],
  ['an untrusted certificate', failure('INFISICAL_UNREACHABLE', { kind: 'unreachable', network: 'SELF_SIGNED_CERT_IN_CHAIN' }), 'refuse'],
  ['a proxy that wants credentials', failure('INFISICAL_UNREACHABLE', { kind: 'proxy-refused' }, undefined, 407), 'refuse'],
  ['a settings problem', failure('INFISICAL_CONFIG', { kind: 'misconfigured', reason: 'INFISICAL_PROJECT_ID is not set' }), 'refuse'],
  ['404 that is no missing folder', failure('INFISICAL_HTTP', { kind: 'server-said', said: 'HTTP 404' }, undefined, 404), 'refuse'],
  ['422', failure('INFISICAL_HTTP', { kind: 'server-said', said: 'HTTP 422' }, undefined, 422), 'refuse'],
  ['no secrets route', failure('INFISICAL_HTTP', { kind: 'no-secrets-route' }, undefined, 404), 'refuse'],
  ['a body that is not Infisical', failure('INFISICAL_BAD_RESPONSE', { kind: 'malformed', detail: 'not JSON' }), 'refuse'],
  ['more than a run reads', failure('INFISICAL_BAD_RESPONSE', { kind: 'reply-too-large', megabytes: 300 }), 'refuse'],
  ['403: no permission', failure('INFISICAL_FORBIDDEN', { kind: 'server-said', said: 'HTTP 403: PermissionDenied' }, undefined, 403), 'drop'],
  ['401 at login', failure('INFISICAL_AUTH_REFUSED', { kind: 'credentials-refused', said: 'HTTP 401' }, undefined, 401), 'forget'],
  ['a token refused after the re-login', failure('INFISICAL_AUTH_REFUSED', { kind: 'token-refused' }, undefined, 401), 'forget'],
  ['a login refused 422', failure('INFISICAL_AUTH_REFUSED', { kind: 'server-said', said: 'HTTP 422' }, undefined, 422), 'forget'],
];

describe('the offline serving rule', () => {
  it.each(TABLE)('%s → %s', (_name, error, expected) => {
    expect(offlineVerdict(error).kind).toBe(expected);
  });

  it('says why a served folder is served', () => {
    expect(offlineVerdict(TABLE[0]![1])).toEqual({ kind: 'serve', because: 'Infisical unreachable' });
    expect(offlineVerdict(TABLE[7]![1])).toEqual({ kind: 'serve', because: 'Infisical rate-limited' });
  });

  const wanted = ['/services/api/db/', '/services/api/kafka/', '/shared/db/', '/shared/kafka/'];
  const down = (folder?: string): InfisicalError => failure('INFISICAL_UNREACHABLE', { kind: 'unreachable', network: 'ECONNRESET' }, folder);

  it('a login failure reaches every folder that did not arrive; a root failure every folder below it', () => {
    expect([...verdictsByFolder(wanted, new Set(['/shared/db/']), [down()]).keys()]).toEqual(['/services/api/db/', '/services/api/kafka/', '/shared/kafka/']);
    expect([...verdictsByFolder(wanted, new Set(), [down('/services/api/')]).keys()]).toEqual(['/services/api/db/', '/services/api/kafka/']);
    expect([...verdictsByFolder(wanted, new Set(), [down('/shared/kafka/')]).keys()]).toEqual(['/shared/kafka/']);
  });

  it('a folder hit by several failures takes the gravest verdict', () => {
    const forbidden = TABLE.find(([name]) => name.startsWith('403'))![1].inFolder('/services/api/db/');
    const verdicts = verdictsByFolder(wanted, new Set(), [down('/services/api/'), forbidden]);
    expect(verdicts.get('/services/api/db/')!.kind).toBe('drop');
    expect(verdicts.get('/services/api/kafka/')!.kind).toBe('serve');
  });
});
