import { createPublicKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { decodeJwt, signJwt, signatureValid } from '../../emulator/jwt.js';
import { REQ_ID, call, listV4, login, postJson } from './helpers.js';
import { OIDC_ID, claimsOf, oidcLogin, postForm, startWith, strangerKey } from './machine-identities.js';

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});

const plain = () => startWith([{ id: OIDC_ID, oidc: {}, projects: ['test-project'] }]);

function denied(message: string, status = 401, error = 'UnauthorizedError') {
  return { reqId: expect.stringMatching(REQ_ID), statusCode: status, message, error };
}

describe('the test issuer', () => {
  it('publishes a discovery document and a JWKS whose key verifies the tokens it signs', async () => {
    emu = await plain();
    expect(emu.issuer).toBe(`${emu.url}/_emulator/oidc`);
    const discovery = await call(`${emu.issuer}/.well-known/openid-configuration`);
    expect(discovery.json).toMatchObject({ issuer: emu.issuer, jwks_uri: `${emu.issuer}/jwks` });
    const jwks = await call(discovery.json.jwks_uri);
    expect(jwks.json.keys).toHaveLength(1);
    const [jwk] = jwks.json.keys;
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(jwk.d).toBeUndefined();
    const token = emu.issueJwt({ sub: 'someone', aud: 'x' });
    const decoded = decodeJwt(token);
    expect(decoded?.header).toMatchObject({ alg: 'RS256', kid: jwk.kid });
    expect(signatureValid(decoded!, createPublicKey({ key: jwk, format: 'jwk' }))).toBe(true);
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ iss: emu.issuer, sub: 'someone', aud: 'x' });
    expect(claims.exp - claims.iat).toBe(300);
  });

  it('mints tokens over POST /_emulator/oidc/token, extra claims and lifetime included', async () => {
    emu = await plain();
    const r = await postJson(`${emu.issuer}/token`, { sub: 's', repository: 'acme/app', expiresInSeconds: 60 });
    expect(r.status).toBe(200);
    const claims = claimsOf(r.json.token);
    expect(claims).toMatchObject({ iss: emu.issuer, sub: 's', repository: 'acme/app' });
    expect(claims.exp - claims.iat).toBe(60);
    expect(claims.expiresInSeconds).toBeUndefined();
    expect((await postJson(`${emu.issuer}/token`, { expiresInSeconds: 'soon' })).status).toBe(400);
    expect((await oidcLogin(emu, r.json.token)).status).toBe(200);
  });
});

describe('OIDC login', () => {
  it('answers the Universal Auth body, and the token reads only the identity’s projects', async () => {
    emu = await plain();
    const r = await oidcLogin(emu, emu.issueJwt({ sub: 'anyone' }));
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['accessToken', 'accessTokenMaxTTL', 'expiresIn', 'tokenType']);
    expect(r.json).toMatchObject({ expiresIn: 7200, tokenType: 'Bearer' });
    expect((await listV4(emu, r.json.accessToken, { secretPath: '/shared/db' })).status).toBe(200);
    const other = await listV4(emu, r.json.accessToken, { projectId: 'other-project' });
    expect(other.status).toBe(403);
    expect(other.json.error).toBe("Identity is not a member of the specified project with ID 'other-project'");
  });

  it('takes a form-encoded body, as Infisical/secrets-action posts it', async () => {
    emu = await plain();
    const r = await postForm(`${emu.url}/api/v1/auth/oidc-auth/login`, { identityId: OIDC_ID, jwt: emu.issueJwt() });
    expect(r.status).toBe(200);
    expect(typeof r.json.accessToken).toBe('string');
  });

  it('is 404 for an unknown identity and for one without OIDC auth', async () => {
    emu = await startWith([{ id: 'ua-only', clientId: 'c', clientSecret: 's', projects: [] }]);
    for (const id of ['nobody', 'ua-only', 'test-client-id']) {
      const r = await oidcLogin(emu, emu.issueJwt(), id);
      expect(r.status).toBe(404);
      expect(r.json).toEqual(denied('OIDC auth method not found for identity, did you configure OIDC auth?', 404, 'NotFound'));
    }
  });

  it('is 422 with Zod issues when a field is missing', async () => {
    emu = await plain();
    const r = await postJson(`${emu.url}/api/v1/auth/oidc-auth/login`, { identityId: OIDC_ID });
    expect(r.status).toBe(422);
    expect(r.json.message).toEqual([expect.objectContaining({ path: ['jwt'], message: 'Required' })]);
  });

  it('refuses what is not a JWT, a bad signature and an unknown kid, never echoing the token', async () => {
    emu = await plain();
    const kid = decodeJwt(emu.issueJwt())?.header.kid as string;
    const forged = signJwt({ iss: emu.issuer, sub: 'x' }, strangerKey, kid);
    const cases: [string, string][] = [
      ['not.a-jwt', 'Invalid JWT'],
      [forged, 'Access denied: invalid signature'],
      [
        signJwt({ iss: emu.issuer }, strangerKey, 'other-kid'),
        "Access denied: Unable to verify JWT signature. The signing key 'other-kid' was not found in the OIDC provider's JWKS endpoint. This may indicate an invalid token or misconfigured OIDC provider.",
      ],
      [signJwt({ iss: emu.issuer }, strangerKey), 'Access denied: Unable to verify JWT signature with any available signing key. invalid signature'],
    ];
    for (const [jwt, message] of cases) {
      const r = await oidcLogin(emu, jwt);
      expect(r.status).toBe(401);
      expect(r.json).toEqual(denied(message));
      expect(r.text).not.toContain(jwt);
    }
  });

  it('accepts a token without a kid when the one key verifies it', async () => {
    emu = await plain();
    const jwt = emu.issueJwt({ sub: 's' }, { omitKid: true });
    expect(decodeJwt(jwt)?.header.kid).toBeUndefined();
    expect((await oidcLogin(emu, jwt)).status).toBe(200);
  });

  it('refuses an expired token, on the emulator’s clock', async () => {
    let now = Date.now();
    emu = await startWith([{ id: OIDC_ID, oidc: {}, projects: [] }], { clock: () => now });
    expect((await oidcLogin(emu, emu.issueJwt({ expiresInSeconds: -1 }))).json).toEqual(denied('Access denied: jwt expired'));
    const jwt = emu.issueJwt();
    expect((await oidcLogin(emu, jwt)).status).toBe(200);
    now += 300_000;
    expect((await oidcLogin(emu, jwt)).json).toEqual(denied('Access denied: jwt expired'));
  });

  it('requires its own issuer unless boundIssuer names another', async () => {
    emu = await startWith([
      { id: OIDC_ID, oidc: {}, projects: [] },
      { id: 'github-bound', oidc: { boundIssuer: GITHUB_ISSUER }, projects: [] },
    ]);
    const foreign = emu.issueJwt({ iss: GITHUB_ISSUER });
    expect((await oidcLogin(emu, foreign)).json).toEqual(denied(`Access denied: jwt issuer invalid. expected: ${emu.issuer}`));
    expect((await oidcLogin(emu, foreign, 'github-bound')).status).toBe(200);
    expect((await oidcLogin(emu, emu.issueJwt(), 'github-bound')).json).toEqual(denied(`Access denied: jwt issuer invalid. expected: ${GITHUB_ISSUER}`));
  });

  it('matches the audience against boundAudiences, globs and several audiences included', async () => {
    emu = await startWith([{ id: OIDC_ID, oidc: { boundAudiences: 'https://github.com/*, sts.example' }, projects: [] }]);
    expect((await oidcLogin(emu, emu.issueJwt({ aud: 'https://github.com/acme' }))).status).toBe(200);
    expect((await oidcLogin(emu, emu.issueJwt({ aud: ['other', 'sts.example'] }))).status).toBe(200);
    for (const aud of ['https://gitlab.com/acme', 'https://github.com/acme/app', undefined]) {
      expect((await oidcLogin(emu, emu.issueJwt({ aud }))).json).toEqual(denied('Access denied: OIDC audience not allowed.'));
    }
  });

  it('is 403 for a subject boundSubject does not allow', async () => {
    emu = await startWith([{ id: OIDC_ID, oidc: { boundSubject: 'repo:acme/app:ref:refs/heads/*' }, projects: [] }]);
    expect((await oidcLogin(emu, emu.issueJwt({ sub: 'repo:acme/app:ref:refs/heads/main' }))).status).toBe(200);
    for (const sub of ['repo:acme/other:ref:refs/heads/main', 'repo:acme/app:ref:refs/heads/feature/x']) {
      const r = await oidcLogin(emu, emu.issueJwt({ sub }));
      expect(r.status).toBe(403);
      expect(r.json).toEqual(denied('Access denied: OIDC subject not allowed.', 403, 'ForbiddenError'));
    }
  });

  it('checks boundClaims: a missing claim and a value not allowed are 401', async () => {
    emu = await startWith([{ id: OIDC_ID, oidc: { boundClaims: { repository: 'acme/app', ref: 'refs/heads/main, refs/tags/*' } }, projects: [] }]);
    expect((await oidcLogin(emu, emu.issueJwt({ repository: 'acme/app', ref: 'refs/tags/v1' }))).status).toBe(200);
    expect((await oidcLogin(emu, emu.issueJwt({ ref: 'refs/heads/main' }))).json).toEqual(denied('Access denied: token has no repository field'));
    expect((await oidcLogin(emu, emu.issueJwt({ repository: 'acme/app', ref: 'refs/heads/dev' }))).json).toEqual(
      denied('Access denied: OIDC claim not allowed.'),
    );
  });

  it('refuses every token while wrongCredentials is on, and honours tokenTtlSeconds', async () => {
    emu = await plain();
    emu.setFaults({ wrongCredentials: true });
    expect((await oidcLogin(emu, emu.issueJwt())).json).toEqual(denied('Access denied: invalid signature'));
    emu.setFaults({ tokenTtlSeconds: 60 });
    expect((await oidcLogin(emu, emu.issueJwt())).json).toMatchObject({ expiresIn: 60 });
  });

  it('counts as a login of its method, in the auth rate-limit class and under route "login" faults', async () => {
    emu = await plain();
    emu.setFaults({ limits: { auth: 2, secrets: 0 } });
    expect((await login(emu)).status).toBe(200);
    expect((await oidcLogin(emu, emu.issueJwt())).status).toBe(200);
    const refused = await oidcLogin(emu, emu.issueJwt());
    expect(refused.status).toBe(429);
    expect(refused.json.error).toBe('RateLimitExceeded');
    expect(emu.stats()).toMatchObject({ logins: 3, loginsByMethod: { 'universal-auth': 1, 'oidc-auth': 2, kubernetes: 0 } });
    emu.setFaults({ status5xx: { route: 'login', times: 1 } });
    expect((await oidcLogin(emu, emu.issueJwt())).status).toBe(503);
    expect((await oidcLogin(emu, emu.issueJwt())).status).toBe(200);
    emu.resetStats();
    expect(emu.stats()).toMatchObject({ logins: 0, loginsByMethod: { 'universal-auth': 0, 'oidc-auth': 0, kubernetes: 0 } });
  });
});
