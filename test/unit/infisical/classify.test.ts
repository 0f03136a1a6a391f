import { describe, expect, it } from 'vitest';
import { classifyList, classifyLogin, isRetryableNetworkError, safeServerText } from '../../../src/infisical/transport/classify.js';
import { describeTlsFailure } from '../../../src/infisical/transport/tls-failure.js';
import { createRedactor } from '../../../src/infisical/redactor.js';

const reply = (status: number, body: unknown = {}) => ({ status, headers: {}, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('classifying list replies', () => {
  it.each([
    ['200', reply(200, { secrets: [] }), { kind: 'ok' }],
    [
      '404 SecretPathNotFound is an empty folder',
      reply(404, { error: 'SecretPathNotFound', message: "Folder with path '/x' in environment 'prod' was not found." }),
      { kind: 'missing-folder' },
    ],
    ['404 Go-port "Folder not found"', reply(404, { message: 'Folder not found' }), { kind: 'missing-folder' }],
    [
      '404 unknown environment (a recursive listing says so) is a missing folder too',
      reply(404, { error: 'NotFound', message: "Environment with slug 'prodd' in project with ID p not found" }),
      { kind: 'missing-folder' },
    ],
    [
      '401 ValidationFailure (the Oct-2024 server, for what newer ones answer 422) is no token to renew',
      reply(401, { statusCode: 401, error: 'ValidationFailure', message: [{ path: ['recursive'] }] }),
      { kind: 'fail', code: 'INFISICAL_HTTP', reason: 'HTTP 401: ValidationFailure' },
    ],
    [
      '404 unknown route → older server',
      reply(404, { message: 'Route GET:/api/v4/secrets?projectId=p not found', error: 'Not Found', statusCode: 404 }),
      { kind: 'no-route' },
    ],
    ['401 Token missing', reply(401, { error: 'UnauthorizedError', message: 'Token missing' }), { kind: 'relogin' }],
    ['403 TokenError (expired)', reply(403, { error: 'TokenError', message: 'Your token has expired. Please re-authenticate.' }), { kind: 'relogin' }],
    ['500', reply(500, { error: 'InternalServerError' }), { kind: 'retry' }],
    ['503 with HTML', reply(503, '<html>'), { kind: 'retry' }],
    ['429', reply(429, { error: 'RateLimitExceeded' }), { kind: 'retry' }],
  ])('%s', (_name, r, expected) => {
    expect(classifyList(r)).toEqual(expected);
  });

  it('a redirect is not followed, and is said with where it points (origin only)', () => {
    const moved = { status: 307, headers: { location: 'https://other.example:8443/api/v4/secrets?token=x' }, body: '' };
    const expected = {
      kind: 'fail',
      code: 'INFISICAL_HTTP',
      reason: "HTTP 307: a redirect to https://other.example:8443, not followed (is INFISICAL_ADDR the server's address?)",
    };
    expect(classifyList(moved)).toEqual(expected);
    expect(classifyLogin(moved)).toEqual(expected);
    expect(classifyList({ status: 302, headers: {}, body: '' })).toMatchObject({ reason: expect.stringContaining('a redirect to no Location') });
  });

  it("403 permission errors are forbidden, with the server's words", () => {
    expect(classifyList(reply(403, { error: 'ForbiddenError', message: 'You do not have permission to read secret values' }))).toEqual({
      kind: 'fail',
      code: 'INFISICAL_FORBIDDEN',
      reason: 'HTTP 403: ForbiddenError: You do not have permission to read secret values',
    });
  });

  it('400 and 422 are plain HTTP failures (a 422 message is an array, not shown)', () => {
    expect(classifyList(reply(400, { error: 'BadRequest', message: 'Missing project id or environment' }))).toMatchObject({ code: 'INFISICAL_HTTP' });
    expect(classifyList(reply(422, { error: 'ValidationFailure', message: [{ path: ['x'] }] }))).toEqual({
      kind: 'fail',
      code: 'INFISICAL_HTTP',
      reason: 'HTTP 422: ValidationFailure',
    });
  });
});

describe('classifying login replies', () => {
  it.each([
    [200, { kind: 'ok' }],
    [401, { kind: 'fail', code: 'INFISICAL_AUTH_REFUSED', reason: 'HTTP 401: UnauthorizedError: Invalid credentials' }],
    [403, { kind: 'fail', code: 'INFISICAL_FORBIDDEN', reason: 'HTTP 403: UnauthorizedError: Invalid credentials' }],
    [429, { kind: 'retry' }],
    [502, { kind: 'retry' }],
  ])('%i', (status, expected) => {
    expect(classifyLogin(reply(status, { error: 'UnauthorizedError', message: 'Invalid credentials' }))).toEqual(expected);
  });

  it("an older server's 404 for an unknown client id is refused credentials; a 404 for a missing route is not", () => {
    expect(classifyLogin(reply(404, { statusCode: 404, error: 'NotFound', message: 'No identity with specified client ID was found' }))).toEqual({
      kind: 'fail',
      code: 'INFISICAL_AUTH_REFUSED',
      reason: 'HTTP 404: NotFound: No identity with specified client ID was found',
    });
    const route = classifyLogin(reply(404, { error: 'Not Found', message: 'Route POST:/api/v1/auth/universal-auth/login not found' }));
    expect(route).toMatchObject({ kind: 'fail', code: 'INFISICAL_HTTP' });
  });
});

describe('network errors and server text', () => {
  it('retries connection-level failures, not programming errors', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'ENOTFOUND'])
      expect(isRetryableNetworkError(code)).toBe(true);
    expect(isRetryableNetworkError('ERR_INVALID_URL')).toBe(false);
    expect(isRetryableNetworkError('CERT_HAS_EXPIRED')).toBe(false);
  });

  it('cuts server text short and shows control characters escaped, on one line', () => {
    expect(safeServerText('a\n\u001b[31mb')).toBe('a\\n\\x1b[31mb');
    expect(safeServerText('x'.repeat(500))).toHaveLength(160);
    expect(safeServerText(42)).toBe('');
  });

  // Escaped, then redacted: what is redacted is what is shown.
  it('a secret split by an escape sequence is not made whole, and one made by escaping is redacted', () => {
    const redact = (text: string): string => text.split('topsecret').join('[redacted]').split('ab\\x1bcd').join('[redacted]');
    expect(safeServerText('top\u001b[0msecret', redact)).toBe('top\\x1b[0msecret');
    expect(safeServerText('key ab\u001bcd here', redact)).toBe('key [redacted] here');
    // A secret that holds a control character itself, echoed as it is.
    const pem = (text: string): string => text.split('line1\nline2').join('[redacted]');
    expect(safeServerText('got line1\nline2', pem)).toBe('got [redacted]');
  });
});

describe('certificate failures', () => {
  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', /not trusted here \(DEPTH_ZERO_SELF_SIGNED_CERT; NODE_EXTRA_CA_CERTS can add a CA\)/],
    ['SELF_SIGNED_CERT_IN_CHAIN', /not trusted here/],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /not trusted here/],
    ['CERT_HAS_EXPIRED', /not valid now \(CERT_HAS_EXPIRED\)/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /for another host name/],
  ])('%s is described as a certificate problem', (code, said) => {
    expect(describeTlsFailure(code)).toMatch(said);
  });

  it('other network errors are not', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', undefined]) expect(describeTlsFailure(code)).toBeUndefined();
  });
});

describe('server text and what must not be shown', () => {
  it('is redacted before it is cut short, so no half of a secret survives', () => {
    const r = createRedactor();
    const secret = 'S'.repeat(150) + 'TAIL';
    r.add(secret);
    r.add('abc'); // too short to be worth hiding: ordinary words stay
    const body = JSON.stringify({ error: 'BadRequest', message: `abc ${secret}` });
    const verdict = classifyLogin({ status: 400, headers: {}, body }, r.redact);
    expect(verdict).toEqual({ kind: 'fail', code: 'INFISICAL_AUTH_REFUSED', reason: 'HTTP 400: BadRequest: abc [redacted]' });
  });

  it('hides a secret echoed inside a JSON string or a URL too', () => {
    const r = createRedactor();
    r.add('sec"ret\\value-XYZ');
    r.add('p@ss w/rd');
    const echoed = JSON.stringify({ clientSecret: 'sec"ret\\value-XYZ' });
    expect(r.redact(`body: ${echoed}`)).toBe('body: {"clientSecret":"[redacted]"}');
    expect(r.redact('GET /x?token=p%40ss%20w%2Frd')).toBe('GET /x?token=[redacted]');
  });

  it('hides a longer secret whole even when it contains a shorter one', () => {
    const r = createRedactor();
    r.add('token');
    r.add('Bearer-token-xyz');
    expect(r.redact('got Bearer-token-xyz and token')).toBe('got [redacted] and [redacted]');
  });
});
