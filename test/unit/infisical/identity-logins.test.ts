import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthChoice } from '../../../src/infisical/auth/choose-method.js';
import { InfisicalClient } from '../../../src/infisical/client.js';
import type { HttpRequest } from '../../../src/infisical/transport/http.js';
import { fakeHttp, json, listed, type Answer } from '../../helpers/fake-http.js';

const scope = { projectId: 'p1', environment: 'prod' };
const V4 = '/api/v4/secrets';
const clients: InfisicalClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

// One fake per host: Infisical, and the runner's ID-token service.
const open = (choice: AuthChoice, routes: Record<string, Answer[]>, runner: Record<string, Answer[]> = {}) => {
  const infisical = fakeHttp(routes);
  const github = fakeHttp(runner);
  const client = new InfisicalClient(new URL('http://infisical.test'), choice, {
    http: (base) => (base.hostname === 'infisical.test' ? infisical : github),
    policy: { baseMs: 1, capMs: 1, maxAttempts: 2 },
  });
  clients.push(client);
  client.begin(10_000);
  return { client, infisical, github };
};

const jwtOf = (req: HttpRequest): string => (req.json as { jwt: string }).jwt;

describe('OIDC and Kubernetes logins, in one process', () => {
  it('Kubernetes reads the token file at every login: the re-login after a refused token presents the rotated one', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sa-')), 'token');
    writeFileSync(path, 'sa-token-one\n');
    const presented: string[] = [];
    const login = (req: HttpRequest) => (presented.push(jwtOf(req)), json(200, { accessToken: `access-${presented.length}`, expiresIn: 60 }));
    const { client } = open(
      { method: 'kubernetes', identityId: 'ident', tokenPath: path },
      {
        '/api/v1/auth/kubernetes-auth/login': [login],
        [V4]: [() => (writeFileSync(path, 'sa-token-two\n'), json(401, { message: 'Token expired' })), listed({ A: 'a' })],
      },
    );
    await client.listSecrets('/shared/db/', scope);
    expect(presented).toEqual(['sa-token-one', 'sa-token-two']);
    expect(client.logins).toBe(2);
  });

  it('GitHub: every login asks the runner for a fresh ID token, with the audience, and the runner counts in the requests', async () => {
    let minted = 0;
    const presented: string[] = [];
    const { client, github } = open(
      {
        method: 'oidc-auth',
        identityId: 'ident',
        jwt: { from: 'github', url: 'https://runner.test/idtoken?api-version=2.0', requestToken: 'request-token-x', audience: 'aud-1' },
      },
      {
        '/api/v1/auth/oidc-auth/login': [(req) => (presented.push(jwtOf(req)), json(200, { accessToken: `access-${presented.length}`, expiresIn: 60 }))],
        [V4]: [json(401, { message: 'Token expired' }), listed({ A: 'a' })],
      },
      { '/idtoken': [() => json(200, { count: 1, value: `id-token-${++minted}` })] },
    );
    await client.listSecrets('/shared/db/', scope);
    expect(presented).toEqual(['id-token-1', 'id-token-2']);
    expect(github.seen.map((r) => [r.path, r.token])).toEqual([
      ['/idtoken?api-version=2.0&audience=aud-1', 'request-token-x'],
      ['/idtoken?api-version=2.0&audience=aud-1', 'request-token-x'],
    ]);
    expect(client.requests).toBe(2 + 2 + 2);
    // Every ID token, and the request token, is kept out of every message.
    expect(client.redactor.redact('id-token-1 id-token-2 request-token-x')).not.toMatch(/id-token-\d|request-token-x/);
  });

  it('a 404 at an OIDC login is a configuration problem; a 403 is a refusal', async () => {
    const choice: AuthChoice = { method: 'oidc-auth', identityId: 'ident', jwt: { from: 'variable', value: 'static.jwt.value' } };
    const missing = open(choice, { '/api/v1/auth/oidc-auth/login': [json(404, { error: 'NotFound', message: 'OIDC auth method not found for identity' })] });
    await expect(missing.client.listSecrets('/shared/db/', scope)).rejects.toMatchObject({ code: 'INFISICAL_CONFIG' });
    const refused = open(choice, {
      '/api/v1/auth/oidc-auth/login': [json(403, { error: 'ForbiddenError', message: 'Access denied: OIDC subject not allowed.' })],
    });
    await expect(refused.client.listSecrets('/shared/db/', scope)).rejects.toMatchObject({ code: 'INFISICAL_AUTH_REFUSED' });
  });
});
