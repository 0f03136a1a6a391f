import { describe, expect, it } from 'vitest';
import { audiences, claimAt, decodeJwt, globMatch, timeProblem } from '../../emulator/jwt.js';

describe('globMatch', () => {
  // Expected values are picomatch.isMatch's, which Infisical uses for bound subjects, audiences and claims.
  it.each([
    ['repo:acme/app:ref:refs/heads/main', 'repo:acme/app:ref:refs/heads/*', true],
    ['repo:acme/app:ref:refs/heads/main', 'repo:acme/app:*', false],
    ['repo:acme/app:ref:refs/heads/main', 'repo:acme/app:**', false],
    ['repo:acme/app:ref:refs/heads/main', 'repo:acme/*', false],
    ['repo:acme/app:ref:refs/heads/feature/x', 'repo:acme/app:ref:refs/heads/**', true],
    ['https://github.com/acme', 'https://github.com/*', true],
    ['api-prod', 'api-*', true],
    ['a.b', 'a?b', true],
    ['ab', 'a*b', true],
    ['x/y/z', 'x/**', true],
    ['x/y/z', 'x/**/z', true],
    ['x/z', 'x/**/z', true],
    ['anything/at/all', '**', true],
    ['a.c', 'a.b', false],
    ['a+b', 'a+b', true],
    ['aXb', 'a.b', false],
  ])('%s against %s is %s', (value, pattern, expected) => {
    expect(globMatch(value, pattern)).toBe(expected);
  });
});

describe('JWT parts', () => {
  it('decodes only three parts with JSON-object header and payload', () => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    expect(decodeJwt(`${part({ alg: 'RS256' })}.${part({ sub: 's' })}.c2ln`)?.payload).toEqual({ sub: 's' });
    expect(decodeJwt('a.b')).toBeUndefined();
    expect(decodeJwt(`${part({ alg: 'RS256' })}.${part('str')}.x`)).toBeUndefined();
    expect(decodeJwt(`not-json.${part({})}.x`)).toBeUndefined();
  });

  it('reads times, audiences and dotted claims as jsonwebtoken and Infisical do', () => {
    expect(timeProblem({ exp: 100 }, 100)).toBe('jwt expired');
    expect(timeProblem({ exp: 100 }, 99)).toBeUndefined();
    expect(timeProblem({ nbf: 100 }, 99)).toBe('jwt not active');
    expect(audiences({ aud: 'a' })).toEqual(['a']);
    expect(audiences({ aud: ['a', 1, 'b'] })).toEqual(['a', 'b']);
    expect(audiences({})).toEqual([]);
    expect(claimAt({ a: { b: { c: 'x' } } }, 'a.b.c')).toBe('x');
    expect(claimAt({ 'kubernetes.io': 1 }, 'kubernetes.io')).toBe(1);
    expect(claimAt({ a: 'x' }, 'a.b')).toBeUndefined();
  });
});
