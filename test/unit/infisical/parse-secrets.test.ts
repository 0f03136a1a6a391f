import { describe, expect, it } from 'vitest';
import { BadResponseError, parseLoginBody, parseSecretsBody } from '../../../src/infisical/routes/parse-secrets.js';
import { requestBytes } from '../../../src/infisical/transport/wire-http.js';

const secret = (secretKey: string, secretValue: string, extra: Record<string, unknown> = {}) => ({
  id: 'x',
  secretKey,
  secretValue,
  type: 'shared',
  secretValueHidden: false,
  ...extra,
});
const body = (value: unknown): string => JSON.stringify(value);

describe('parsing a folder listing', () => {
  it('local secrets win over imports, and a later import over an earlier one', () => {
    const folder = parseSecretsBody(
      body({
        secrets: [secret('A', 'local')],
        imports: [
          { secretPath: '/first', environment: 'prod', secrets: [secret('A', 'first'), secret('B', 'first'), secret('C', 'first')] },
          { secretPath: '/second', environment: 'prod', secrets: [secret('B', 'second')] },
        ],
      }),
    );
    expect(Object.fromEntries(folder.values)).toEqual({ A: 'local', B: 'second', C: 'first' });
  });

  it('keeps values exactly: newlines, unicode, =, quotes and the empty string', () => {
    const values = { NL: 'a\nb\r\n', UNI: 'ünï €𝄞', EQ: 'a=b==', Q: `"'\``, EMPTY: '' };
    const folder = parseSecretsBody(body({ secrets: Object.entries(values).map(([k, v]) => secret(k, v)) }));
    expect(Object.fromEntries(folder.values)).toEqual(values);
  });

  it('the first entry of a repeated key wins; personal rows never replace shared ones', () => {
    const folder = parseSecretsBody(body({ secrets: [secret('A', 'personal', { type: 'personal' }), secret('A', 'one'), secret('A', 'two')] }));
    expect(folder.values.get('A')).toBe('one');
  });

  it('hidden values are never taken as real', () => {
    const folder = parseSecretsBody(
      body({
        secrets: [secret('H', '<hidden-by-infisical>', { secretValueHidden: true }), secret('M', '<hidden-by-infisical>')],
        imports: [{ secrets: [secret('H', 'from-import')] }],
      }),
    );
    expect(folder.values.size).toBe(0);
    expect(folder.hidden.sort()).toEqual(['H', 'M']);
  });

  it('with the planned keys given, takes only those, from the folder and its imports', () => {
    const folder = parseSecretsBody(
      body({ secrets: [secret('A', 'a'), secret('NOT_PLANNED', 'x')], imports: [{ secrets: [secret('B', 'b'), secret('ALSO_NOT', 'y')] }] }),
      new Set(['A', 'B']),
    );
    expect(Object.fromEntries(folder.values)).toEqual({ A: 'a', B: 'b' });
  });

  it('imports may be absent (not requested, older servers)', () => {
    expect(parseSecretsBody(body({ secrets: [secret('A', '1')] })).values.get('A')).toBe('1');
  });

  it.each([
    ['not JSON', '{"secrets": [', 'the body is not JSON'],
    ['not an object', '[]', 'the body is not an object'],
    ['secrets not a list', body({ secrets: 'nope' }), 'secrets is not a list'],
    ['secret not an object', body({ secrets: [1] }), 'secrets[0] is not an object'],
    ['key not a string', body({ secrets: [{ secretKey: 5, secretValue: 'x' }] }), 'secrets[0].secretKey is not a string'],
    ['value not a string', body({ secrets: [{ secretKey: 'A', secretValue: null }] }), 'secrets[0].secretValue is not a string'],
    ['imports not a list', body({ secrets: [], imports: {} }), 'imports is not a list'],
    ['import secrets not a list', body({ secrets: [], imports: [{ secrets: 3 }] }), 'imports[0].secrets is not a list'],
  ])('rejects a body that is %s', (_name, text, message) => {
    expect(() => parseSecretsBody(text)).toThrow(BadResponseError);
    expect(() => parseSecretsBody(text)).toThrow(message);
  });

  it('error messages never carry a value', () => {
    try {
      parseSecretsBody(
        body({
          secrets: [
            { secretKey: 'A', secretValue: 'fine' },
            { secretKey: 'B', secretValue: { nested: 'CANARY-VALUE' } },
          ],
        }),
      );
    } catch (error) {
      expect((error as Error).message).not.toContain('CANARY');
    }
  });
});

describe('parsing a login reply', () => {
  it('takes the token', () => {
    expect(parseLoginBody(body({ accessToken: 't', expiresIn: 7200, tokenType: 'Bearer' }))).toEqual({ accessToken: 't', expiresIn: 7200 });
  });
  it('rejects a reply without one', () => {
    expect(() => parseLoginBody(body({ token: 't' }))).toThrow('no accessToken');
    expect(() => parseLoginBody('<html>')).toThrow('not JSON');
  });
});

describe('a login token', () => {
  it('that no HTTP header can carry (a CR/LF) is a bad response, not a network error at the next request', () => {
    expect(() => parseLoginBody(JSON.stringify({ accessToken: 'tok\r\nX-Injected: 1' }))).toThrow('an accessToken no HTTP header can carry');
    expect(parseLoginBody(JSON.stringify({ accessToken: 'tok.with-dots_and\ttab' })).accessToken).toBe('tok.with-dots_and\ttab');
  });
  it('nor one beyond Latin-1, which the HTTP client refuses to send', () => {
    expect(() => parseLoginBody(JSON.stringify({ accessToken: 'tok\u20ac' }))).toThrow('an accessToken no HTTP header can carry');
  });

  // Checked here and by the transport before it sends: one test of the two, every character up to
  // U+03FF, so a token the check lets through is never refused later as a "network error".
  it('is refused here exactly when the transport would refuse to send it', () => {
    for (let code = 0; code <= 0x3ff; code++) {
      const token = `tok${String.fromCharCode(code)}`;
      let here = false;
      try {
        parseLoginBody(JSON.stringify({ accessToken: token }));
      } catch {
        here = true;
      }
      let transport = false;
      try {
        requestBytes('GET', 'h', { path: '/', headers: { authorization: `Bearer ${token}` }, body: undefined });
      } catch {
        transport = true;
      }
      expect([code, here]).toEqual([code, transport]);
    }
  });
});
