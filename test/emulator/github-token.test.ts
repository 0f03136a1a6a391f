import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { call } from './helpers.js';
import { OIDC_ID, claimsOf, oidcLogin, startWith } from './machine-identities.js';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});

function idToken(e: Emulator, audience?: string, bearer = e.github.requestToken) {
  const url = audience === undefined ? e.github.requestUrl : `${e.github.requestUrl}&audience=${encodeURIComponent(audience)}`;
  return call(url, { headers: { authorization: `Bearer ${bearer}` } });
}

const githubBound = () =>
  startWith([
    {
      id: OIDC_ID,
      oidc: {
        boundSubject: 'repo:acme/app:ref:refs/heads/main',
        boundAudiences: 'https://github.com/acme, infisical',
        boundClaims: { repository: 'acme/app' },
      },
      projects: ['test-project'],
    },
  ]);

describe('GitHub Actions ID-token stand-in', () => {
  it('answers {count, value} with a token of the asked audience that logs in with OIDC', async () => {
    emu = await githubBound();
    expect(emu.github.requestUrl).toBe(`${emu.url}/_github/token?api-version=2.0`);
    const r = await idToken(emu, 'infisical');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ count: 1, value: expect.any(String) });
    expect(claimsOf(r.json.value)).toMatchObject({
      iss: emu.issuer,
      aud: 'infisical',
      sub: 'repo:acme/app:ref:refs/heads/main',
      repository: 'acme/app',
      ref: 'refs/heads/main',
    });
    expect((await oidcLogin(emu, r.json.value)).status).toBe(200);
  });

  it('defaults the audience to the owner’s URL, as GitHub does', async () => {
    emu = await githubBound();
    const r = await idToken(emu);
    expect(claimsOf(r.json.value).aud).toBe('https://github.com/acme');
    expect((await oidcLogin(emu, r.json.value)).status).toBe(200);
  });

  it('is 401 JSON without the run’s request token, and never echoes what it was given', async () => {
    emu = await githubBound();
    const wrong = await idToken(emu, 'x', 'not-the-request-token');
    expect(wrong.status).toBe(401);
    expect(wrong.json.message).toEqual(expect.any(String));
    expect(wrong.text).not.toContain('not-the-request-token');
    const missing = await call(`${emu.github.requestUrl}&audience=x`);
    expect(missing.status).toBe(401);
    expect(missing.json.value).toBeUndefined();
  });

  it('gives each emulator its own request token', async () => {
    emu = await githubBound();
    const other = await githubBound();
    try {
      expect(other.github.requestToken).not.toBe(emu.github.requestToken);
      expect((await idToken(emu, 'x', other.github.requestToken)).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('counts requests and their audiences apart from the Infisical requests, until resetStats', async () => {
    emu = await githubBound();
    await idToken(emu, 'infisical');
    await idToken(emu);
    await idToken(emu, 'https://github.com/acme', 'wrong');
    expect(emu.stats()).toMatchObject({ total: 0, githubTokens: 3, githubAudiences: ['infisical', '', 'https://github.com/acme'] });
    emu.resetStats();
    expect(emu.stats()).toMatchObject({ githubTokens: 0, githubAudiences: [] });
  });
});
