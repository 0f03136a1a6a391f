import { describe, expect, it } from 'vitest';
import { InfisicalError, isInfisicalError, reasonOf, type Happened } from '../../../src/infisical/errors.js';
import { SecretsRunError } from '../../../src/errors.js';

const host = 'https://infisical.example:8443';
const words = (phase: 'login' | 'list', happened: Happened, status?: number): string => reasonOf({ host, phase, happened, status });

// The words users have been shown, kept as they were.
describe('InfisicalError words', () => {
  it('says each failure as before, naming the host and where', () => {
    expect(words('login', { kind: 'no-answer-in-time', seconds: '10 s' })).toBe(`no answer from ${host} within 10 s at login`);
    expect(words('list', { kind: 'no-answer-in-time', seconds: '0.5 s' })).toBe(`no answer from ${host} within 0.5 s`);
    expect(words('list', { kind: 'no-answer-after-tries', tries: 6 })).toBe(`no answer from ${host} after 6 tries`);
    expect(words('login', { kind: 'unreachable', network: 'ECONNREFUSED' })).toBe(`cannot reach ${host} (ECONNREFUSED) at login`);
    expect(words('list', { kind: 'unreachable', network: undefined })).toBe(`cannot reach ${host} (network error)`);
    expect(words('login', { kind: 'kept-failing' }, 500)).toBe(`${host} kept failing at login (HTTP 500)`);
    expect(words('list', { kind: 'kept-failing' }, 429)).toBe(`${host} kept failing (HTTP 429)`);
    expect(words('list', { kind: 'rate-limited', retryAfterSeconds: 48, deadline: '10 s' }, 500)).toBe(
      `rate-limited by ${host} (HTTP 500): retry after 48 s, past the 10 s deadline`,
    );
    expect(words('login', { kind: 'credentials-refused', said: 'HTTP 401: nope' })).toBe(`${host} refused the credentials (HTTP 401: nope)`);
    expect(words('list', { kind: 'token-refused' }, 403)).toBe(`${host} refused the access token (HTTP 403)`);
    expect(words('login', { kind: 'server-said', said: 'HTTP 403: Forbidden' })).toBe(`${host} at login: HTTP 403: Forbidden`);
    expect(words('list', { kind: 'server-said', said: 'HTTP 418' })).toBe(`${host}: HTTP 418`);
    expect(words('login', { kind: 'malformed', detail: 'x' })).toBe(`${host} sent a malformed login response (x)`);
    expect(words('list', { kind: 'malformed', detail: 'x' })).toBe(`${host} sent a malformed response (x)`);
    expect(words('list', { kind: 'no-secrets-route' })).toBe(`${host} has neither the v4 nor the v3 secrets route`);
  });

  it('is a SecretsRunError with its fields, and names the folder when it has one', () => {
    const error = new InfisicalError({ code: 'INFISICAL_HTTP', host, phase: 'list', status: 418, happened: { kind: 'server-said', said: 'HTTP 418' } });
    const inFolder = error.inFolder('/shared/db/');
    expect(inFolder).toBeInstanceOf(SecretsRunError);
    expect([inFolder.code, inFolder.host, inFolder.phase, inFolder.status, inFolder.folder, inFolder.exitCode]).toEqual([
      'INFISICAL_HTTP',
      host,
      'list',
      418,
      '/shared/db/',
      125,
    ]);
    expect([inFolder.reason, inFolder.message]).toEqual([`${host}: HTTP 418`, `${host}: HTTP 418 (listing /shared/db/)`]);
    expect(isInfisicalError(inFolder)).toBe(true);
    expect(isInfisicalError(new SecretsRunError('USAGE', 'x'))).toBe(false);
  });
});
