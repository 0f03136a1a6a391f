import { describe, expect, it } from 'vitest';
import { idTokenPath } from '../../../src/infisical/routes/github-id-token.js';

describe("GitHub Actions' ID-token request", () => {
  it('adds the audience to the query the runner already gave (api-version), encoded; none when unset', () => {
    const url = new URL('https://pipelines.actions.githubusercontent.com/abc/_apis/idtoken?api-version=2.0');
    expect(idTokenPath(url, 'https://github.com/acme')).toBe('/abc/_apis/idtoken?api-version=2.0&audience=https%3A%2F%2Fgithub.com%2Facme');
    expect(idTokenPath(url, undefined)).toBe('/abc/_apis/idtoken?api-version=2.0');
    expect(idTokenPath(new URL('http://127.0.0.1:9/_github/token'), 'a b')).toBe('/_github/token?audience=a+b');
  });
});
