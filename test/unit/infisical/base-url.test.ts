import { describe, expect, it } from 'vitest';
import { baseUrlProblem, displayHost, parseBaseUrl } from '../../../src/infisical/base-url.js';

describe('INFISICAL_ADDR', () => {
  it('takes an http(s) URL, dropping a trailing /api, a query and a fragment', () => {
    expect(parseBaseUrl('https://app.infisical.com/api/')?.href).toBe('https://app.infisical.com/');
    expect(parseBaseUrl('http://10.0.0.5:8080/infisical/api?x=1#y')?.href).toBe('http://10.0.0.5:8080/infisical');
    expect(displayHost(parseBaseUrl('https://u:p%2Fq@h.example/')!)).toBe('https://h.example');
  });

  it('refuses, without showing the value, what would send the login astray or repeat other lines', () => {
    expect(baseUrlProblem('ftp://h/')).toBe("is not an http(s) URL: its scheme is 'ftp:', not 'http:' or 'https:'");
    expect(baseUrlProblem('htp://user:pw@h/')).toBe("is not an http(s) URL: its scheme is 'htp:', not 'http:' or 'https:'");
    expect(baseUrlProblem('not a url')).toBe('has a space, tab or line break in it');
    // A quote left open in .env: the URL parser would drop the line breaks and keep the next lines.
    expect(baseUrlProblem('http://h/\nDB_PASSWORD=s3cret\n')).toBe('has a space, tab or line break in it');
    expect(parseBaseUrl('http://h/\nDB_PASSWORD=s3cret\n')).toBeUndefined();
    // An unencoded '/' in a password: host "deploy", port 8080, the rest a path.
    expect(baseUrlProblem('http://deploy:8080/pa55@h.example')).toMatch(/has an '@' outside a user:password@ part/);
    expect(parseBaseUrl('http://deploy:8080/pa55@h.example')).toBeUndefined();
    expect(baseUrlProblem('http://deploy:pa%2F55@h.example')).toBeUndefined();
    expect(baseUrlProblem('http://user:pa/ss@h.example')).toMatch(/^is not an http\(s\) URL \(percent-encode/);
    // The query and fragment are dropped before use: an '@' there is harmless.
    expect(baseUrlProblem('http://h.example/?src=a@b')).toBeUndefined();
    expect(baseUrlProblem('http://h.example/#x@y')).toBeUndefined();
    expect(baseUrlProblem('http://[::1]:8080/api')).toBeUndefined();
  });
});
