import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { signJwt } from '../../emulator/jwt.js';
import { REQ_ID, listV4, postJson } from './helpers.js';
import { K8S_ID, claimsOf, k8sLogin, postForm, startWith, strangerKey } from './machine-identities.js';

const CLUSTER = 'https://kubernetes.default.svc.cluster.local';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});

function refused(message: string, error = 'UnauthorizedError') {
  return { reqId: expect.stringMatching(REQ_ID), statusCode: 401, message, error };
}
const review = (message: string) => refused(message, 'KubernetesTokenReviewError');

const bound = (kubernetes: Record<string, string> = {}) => startWith([{ id: K8S_ID, kubernetes, projects: ['test-project'] }]);

describe('service-account tokens', () => {
  it('look like a projected token: cluster issuer and audience, subject and kubernetes.io claim', async () => {
    emu = await bound();
    const claims = claimsOf(emu.issueServiceAccountToken({ namespace: 'apps', name: 'api' }));
    expect(claims).toMatchObject({
      iss: CLUSTER,
      aud: [CLUSTER],
      sub: 'system:serviceaccount:apps:api',
      'kubernetes.io': { namespace: 'apps', serviceaccount: { name: 'api', uid: expect.any(String) } },
    });
    expect(claims.exp - claims.iat).toBe(3600);
    const r = await postJson(`${emu.url}/_emulator/kubernetes/token`, { namespace: 'apps', name: 'api', aud: 'infisical' });
    expect(claimsOf(r.json.token)).toMatchObject({ sub: 'system:serviceaccount:apps:api', aud: ['infisical'] });
    expect((await postJson(`${emu.url}/_emulator/kubernetes/token`, { namespace: 'apps' })).status).toBe(400);
  });
});

describe('Kubernetes login', () => {
  it('answers the Universal Auth body, and the token reads only the identity’s projects', async () => {
    emu = await bound({ allowedNamespaces: 'apps, batch-*', allowedNames: 'api,worker' });
    const r = await k8sLogin(emu, emu.issueServiceAccountToken({ namespace: 'batch-nightly', name: 'worker' }));
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['accessToken', 'accessTokenMaxTTL', 'expiresIn', 'tokenType']);
    expect((await listV4(emu, r.json.accessToken, { secretPath: '/shared/db' })).status).toBe(200);
    expect((await listV4(emu, r.json.accessToken, { projectId: 'other-project' })).status).toBe(403);
    expect(emu.stats().loginsByMethod).toEqual({ 'universal-auth': 0, 'oidc-auth': 0, kubernetes: 1 });
  });

  it('takes a form-encoded body', async () => {
    emu = await bound();
    const jwt = emu.issueServiceAccountToken({ namespace: 'apps', name: 'api' });
    expect((await postForm(`${emu.url}/api/v1/auth/kubernetes-auth/login`, { identityId: K8S_ID, jwt })).status).toBe(200);
  });

  it('is 404 for an unknown identity and for one without Kubernetes auth', async () => {
    emu = await startWith([{ id: 'oidc-only', oidc: {}, projects: [] }]);
    for (const id of ['nobody', 'oidc-only', 'test-client-id']) {
      const r = await k8sLogin(emu, emu.issueServiceAccountToken({ namespace: 'a', name: 'b' }), id);
      expect(r.status).toBe(404);
      expect(r.json).toEqual({
        reqId: expect.stringMatching(REQ_ID),
        statusCode: 404,
        message: 'Kubernetes auth method not found for identity, did you configure Kubernetes auth?',
        error: 'NotFound',
      });
    }
  });

  it('refuses a namespace or a name the identity does not allow', async () => {
    emu = await bound({ allowedNamespaces: 'apps', allowedNames: 'api' });
    expect((await k8sLogin(emu, emu.issueServiceAccountToken({ namespace: 'kube-system', name: 'api' }))).json).toEqual(
      refused('Access denied: K8s namespace not allowed.'),
    );
    expect((await k8sLogin(emu, emu.issueServiceAccountToken({ namespace: 'apps', name: 'default' }))).json).toEqual(
      refused('Access denied: K8s name not allowed.'),
    );
  });

  it('has the review check the audience: allowedAudience, else the cluster API’s own', async () => {
    emu = await startWith([
      { id: K8S_ID, kubernetes: { allowedAudience: 'infisical' }, projects: [] },
      { id: 'default-audience', kubernetes: {}, projects: [] },
    ]);
    expect((await k8sLogin(emu, emu.issueServiceAccountToken({ namespace: 'a', name: 'b', aud: 'infisical' }))).status).toBe(200);
    expect((await k8sLogin(emu, emu.issueServiceAccountToken({ namespace: 'a', name: 'b', aud: 'vault' }))).json).toEqual(
      review('[invalid bearer token, token audiences ["vault"] is invalid for the target audiences ["infisical"]]'),
    );
    expect((await k8sLogin(emu, emu.issueServiceAccountToken({ namespace: 'a', name: 'b' }), 'default-audience')).status).toBe(200);
    expect((await k8sLogin(emu, emu.issueServiceAccountToken({ namespace: 'a', name: 'b', aud: 'infisical' }), 'default-audience')).status).toBe(401);
  });

  it('refuses an expired token, a forged one, and one no cluster issued, never echoing it', async () => {
    let now = Date.now();
    emu = await startWith([{ id: K8S_ID, kubernetes: {}, projects: [] }], { clock: () => now });
    const live = emu.issueServiceAccountToken({ namespace: 'a', name: 'b', expiresInSeconds: 60 });
    const payload = claimsOf(live);
    const cases: [string, unknown][] = [
      [
        emu.issueServiceAccountToken({ namespace: 'a', name: 'b', expiresInSeconds: -1 }),
        review('[invalid bearer token, go-jose/go-jose/jwt: validation failed, token is expired (exp)]'),
      ],
      [signJwt(payload, strangerKey, 'k'), review('[invalid bearer token, go-jose/go-jose: error in cryptographic primitive]')],
      [emu.issueJwt({ sub: 'system:serviceaccount:a:b', aud: CLUSTER }), review('Kubernetes token not authenticated')],
      ['garbage', review('Kubernetes token not authenticated')],
    ];
    for (const [jwt, body] of cases) {
      const r = await k8sLogin(emu, jwt);
      expect(r.json).toEqual(body);
      expect(r.text).not.toContain(jwt);
    }
    expect((await k8sLogin(emu, live)).status).toBe(200);
    now += 60_000;
    expect((await k8sLogin(emu, live)).status).toBe(401);
  });

  it('refuses every token while wrongCredentials is on, and shares the auth rate-limit class', async () => {
    emu = await bound();
    const jwt = emu.issueServiceAccountToken({ namespace: 'a', name: 'b' });
    emu.setFaults({ wrongCredentials: true });
    expect((await k8sLogin(emu, jwt)).json).toEqual(review('[invalid bearer token, go-jose/go-jose: error in cryptographic primitive]'));
    emu.setFaults({ limits: { auth: 1, secrets: 0 } });
    expect((await k8sLogin(emu, jwt)).status).toBe(200);
    expect((await k8sLogin(emu, jwt)).status).toBe(429);
  });
});
