// Issue 15, ways to log in: OIDC with a JWT, OIDC with a GitHub Actions ID token the launcher fetches
// (audience passed), Kubernetes with a service-account token file read at every login, the detection
// order, INFISICAL_AUTH_METHOD, Infisical's variable names as aliases, the message when nothing is
// usable, and --scrub-bootstrap. The emulator verifies every JWT against its own issuer; runCli checks
// that no JWT, request token or cache key appears in secrets-run's output.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../helpers/canary-registry.js';
import { makeTree } from '../helpers/tree.js';
import { PROJECT_ID, buildSeed, childEnv, contract, infisicalWarnings, printEnv, runWith, useEmulator, type Seed } from '../helpers/emulator-env.js';

const OIDC_ID = 'e2e-oidc-identity';
const GITHUB_ID = 'e2e-github-identity';
const K8S_ID = 'e2e-k8s-identity';
const PLAIN_ID = 'e2e-identity-without-oidc';

const seed = (): Seed => {
  const s = buildSeed({ prod: { '/shared/db': { POSTGRES_HOST: 'db.by-identity', POSTGRES_PASSWORD: 'auth-canary-password' } } });
  s.identities.push(
    { id: OIDC_ID, projects: [PROJECT_ID], oidc: { boundAudiences: 'secrets-run-e2e', boundSubject: 'repo:acme/app:ref:refs/heads/*' } },
    { id: GITHUB_ID, projects: [PROJECT_ID], oidc: { boundAudiences: 'https://infisical.e2e', boundSubject: 'repo:acme/app:ref:refs/heads/main' } },
    { id: K8S_ID, projects: [PROJECT_ID], kubernetes: { allowedNamespaces: 'prod', allowedNames: 'api' } },
    { id: PLAIN_ID, clientId: 'e2e-plain-client', clientSecret: 'e2e-plain-client-secret', projects: [PROJECT_ID] },
  );
  return s;
};
const emu = useEmulator(seed);

const NO_UA = { INFISICAL_CLIENT_ID: undefined, INFISICAL_CLIENT_SECRET: undefined };
const project = (): string => makeTree({ 'contract.yaml': contract({ transport: 'db' }) });
const run = (env: Record<string, string | undefined>, extra: string[] = [], cwd = project()) =>
  runWith(emu(), [...extra, ...printEnv('POSTGRES_HOST', 'INFISICAL_JWT', 'INFISICAL_OIDC_AUTH_JWT', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')], env, { cwd });

const jwt = (claims: Record<string, unknown>): string => {
  const token = emu().issueJwt(claims);
  registerSecret(token);
  return token;
};
const oidcJwt = (): string => jwt({ sub: 'repo:acme/app:ref:refs/heads/main', aud: 'secrets-run-e2e' });
const github = () => {
  registerSecret(emu().github.requestToken);
  return { ACTIONS_ID_TOKEN_REQUEST_URL: emu().github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: emu().github.requestToken };
};
const serviceAccountFile = (dir: string, namespace = 'prod', expiresInSeconds?: number): string => {
  const token = emu().issueServiceAccountToken({ namespace, name: 'api', ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }) });
  registerSecret(token);
  const path = join(dir, 'sa-token');
  writeFileSync(path, `${token}\n`);
  return path;
};
const byMethod = () => emu().stats().loginsByMethod;

describe('OIDC login', () => {
  it('INFISICAL_MACHINE_IDENTITY_ID and INFISICAL_JWT: one OIDC login, the values injected', async () => {
    const result = await run({ ...NO_UA, INFISICAL_MACHINE_IDENTITY_ID: OIDC_ID, INFISICAL_JWT: oidcJwt() });
    expect(childEnv(result).POSTGRES_HOST).toBe('db.by-identity');
    expect(byMethod()).toMatchObject({ 'oidc-auth': 1, 'universal-auth': 0 });
    expect(infisicalWarnings(result.stderr)).toEqual([]);
  });

  it("Infisical's own names work as aliases (INFISICAL_OIDC_AUTH_IDENTITY_ID, INFISICAL_OIDC_AUTH_JWT)", async () => {
    const result = await run({ ...NO_UA, INFISICAL_OIDC_AUTH_IDENTITY_ID: OIDC_ID, INFISICAL_OIDC_AUTH_JWT: oidcJwt() });
    expect(childEnv(result).POSTGRES_HOST).toBe('db.by-identity');
    expect(byMethod()['oidc-auth']).toBe(1);
  });

  it('a subject the identity does not allow is refused: one warning, exit 125 under --require, the JWT never shown', async () => {
    const env = { ...NO_UA, INFISICAL_MACHINE_IDENTITY_ID: OIDC_ID, INFISICAL_JWT: jwt({ sub: 'repo:evil/fork:ref:refs/heads/main', aud: 'secrets-run-e2e' }) };
    const lenient = await run(env);
    expect(childEnv(lenient).POSTGRES_HOST).toBeNull();
    expect(infisicalWarnings(lenient.stderr)).toEqual([expect.stringMatching(/refused the credentials \(HTTP 403.*subject/)]);
    const strict = await run(env, ['--require']);
    expect(strict.code).toBe(125);
  });

  it('an identity with no OIDC login attached is a configuration problem naming it', async () => {
    const result = await run({ ...NO_UA, INFISICAL_MACHINE_IDENTITY_ID: PLAIN_ID, INFISICAL_JWT: oidcJwt() });
    expect(infisicalWarnings(result.stderr)).toEqual([expect.stringMatching(/has no OIDC login for INFISICAL_MACHINE_IDENTITY_ID/)]);
  });
});

describe("GitHub Actions' ID token", () => {
  it('is fetched with the audience asked for, then exchanged: values injected, the request token never shown', async () => {
    const result = await run({ ...NO_UA, ...github(), INFISICAL_MACHINE_IDENTITY_ID: GITHUB_ID, INFISICAL_OIDC_AUDIENCE: 'https://infisical.e2e' });
    expect(childEnv(result).POSTGRES_HOST).toBe('db.by-identity');
    expect(emu().stats().githubTokens).toBe(1);
    expect(emu().stats().githubAudiences).toEqual(['https://infisical.e2e']);
    expect(byMethod()['oidc-auth']).toBe(1);
  });

  it("without INFISICAL_OIDC_AUDIENCE GitHub's default audience is asked for, which this identity does not accept", async () => {
    const result = await run({ ...NO_UA, ...github(), INFISICAL_MACHINE_IDENTITY_ID: GITHUB_ID });
    expect(emu().stats().githubAudiences).toEqual(['']);
    expect(infisicalWarnings(result.stderr)).toEqual([expect.stringMatching(/refused the credentials \(HTTP 401/)]);
  });

  it("a request token GitHub does not accept is said as the ID-token request's refusal, with the permission it needs", async () => {
    const env = { ...NO_UA, ...github(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-request-token-xyz', INFISICAL_MACHINE_IDENTITY_ID: GITHUB_ID };
    const result = await run(env);
    expect(infisicalWarnings(result.stderr)).toEqual([expect.stringMatching(/would not give a GitHub Actions ID token \(HTTP 401.*id-token: write/)]);
    expect(byMethod()['oidc-auth']).toBe(0);
  });
});

describe('Kubernetes login', () => {
  it('reads the service-account token file at every login: each rotation of the file is what the next login presents', async () => {
    const cwd = project();
    const env = { ...NO_UA, INFISICAL_MACHINE_IDENTITY_ID: K8S_ID, INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: serviceAccountFile(cwd) };
    const first = await run(env, ['--no-token-cache'], cwd);
    expect(childEnv(first).POSTGRES_HOST).toBe('db.by-identity');
    serviceAccountFile(cwd, 'staging'); // rotated in place, to a namespace the identity does not allow
    const refused = await run(env, ['--no-token-cache'], cwd);
    expect(childEnv(refused).POSTGRES_HOST).toBeNull();
    expect(infisicalWarnings(refused.stderr)).toEqual([expect.stringMatching(/refused the credentials \(HTTP 401: .*namespace not allowed/)]);
    serviceAccountFile(cwd); // and rotated again
    const rotated = await run(env, ['--no-token-cache'], cwd);
    expect(childEnv(rotated).POSTGRES_HOST).toBe('db.by-identity');
    expect(byMethod().kubernetes).toBe(3);
  });

  it('an expired service-account token is refused', async () => {
    const cwd = project();
    const result = await run(
      { ...NO_UA, INFISICAL_MACHINE_IDENTITY_ID: K8S_ID, INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: serviceAccountFile(cwd, 'prod', -60) },
      [],
      cwd,
    );
    expect(infisicalWarnings(result.stderr)).toEqual([expect.stringMatching(/refused the credentials \(HTTP 401: .*expired/)]);
  });

  it('a namespace the identity does not allow is refused', async () => {
    const cwd = project();
    const result = await run(
      { ...NO_UA, INFISICAL_MACHINE_IDENTITY_ID: K8S_ID, INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: serviceAccountFile(cwd, 'staging') },
      [],
      cwd,
    );
    expect(infisicalWarnings(result.stderr)).toEqual([
      expect.stringMatching(/refused the credentials \(HTTP 401: UnauthorizedError: Access denied: K8s namespace not allowed/),
    ]);
  });

  it('with SECRETS_RUN_CACHE_KEY the token is cached (the next launch makes no login); without it nothing is written', async () => {
    const cwd = project();
    const cacheDir = join(cwd, 'cache');
    const cacheKey = 'k8s-cache-key-0123456789abcdef0123456789';
    const env = {
      ...NO_UA,
      SECRETS_RUN_CACHE_DIR: cacheDir,
      INFISICAL_MACHINE_IDENTITY_ID: K8S_ID,
      INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: serviceAccountFile(cwd),
    };
    const uncached = await run(env, ['--verbose'], cwd);
    expect(childEnv(uncached).POSTGRES_HOST).toBe('db.by-identity');
    expect(uncached.stderr).toMatch(/no token cache for kubernetes: SECRETS_RUN_CACHE_KEY/);
    expect(uncached.stderr).toMatch(/^secrets-run: Infisical: kubernetes, 1 login, 2 requests$/m);
    expect(readdirSafe(cacheDir).filter((f) => f.startsWith('token-'))).toEqual([]);
    await run({ ...env, SECRETS_RUN_CACHE_KEY: cacheKey }, [], cwd);
    emu().resetStats();
    const warm = await run({ ...env, SECRETS_RUN_CACHE_KEY: cacheKey }, ['--verbose'], cwd);
    expect(warm.stderr).toMatch(/^secrets-run: Infisical: kubernetes, 0 logins, 1 request$/m);
    expect(childEnv(warm).POSTGRES_HOST).toBe('db.by-identity');
    expect(emu().stats().logins).toBe(0);
  });

  it('with SECRETS_RUN_CACHE_KEY the offline cache works for a Kubernetes identity: a failing server serves its last values', async () => {
    const cwd = project();
    const env = {
      ...NO_UA,
      SECRETS_RUN_CACHE_DIR: join(cwd, 'cache'),
      SECRETS_RUN_CACHE_KEY: 'k8s-offline-key-0123456789abcdef012345',
      INFISICAL_MACHINE_IDENTITY_ID: K8S_ID,
      INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: serviceAccountFile(cwd),
    };
    const online = await run(env, ['--offline-cache'], cwd);
    expect(childEnv(online).POSTGRES_HOST).toBe('db.by-identity');
    emu().setFaults({ status5xx: { route: 'list' } });
    const failing = await run(env, ['--offline-cache'], cwd);
    expect(childEnv(failing).POSTGRES_HOST).toBe('db.by-identity');
    expect(failing.stderr).toMatch(/keys? from the offline cache \(age \d+s; Infisical failing\)/);
    const keyless = await run({ ...env, SECRETS_RUN_CACHE_KEY: undefined }, ['--offline-cache'], cwd);
    expect(childEnv(keyless).POSTGRES_HOST).toBeNull();
  });

  it('a token path that cannot be read is said with the path and the variable to set', async () => {
    const result = await run({
      ...NO_UA,
      INFISICAL_AUTH_METHOD: 'kubernetes',
      INFISICAL_MACHINE_IDENTITY_ID: K8S_ID,
      INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: '/nonexistent/sa-token',
    });
    expect(infisicalWarnings(result.stderr)).toEqual([
      expect.stringMatching(/INFISICAL_AUTH_METHOD is kubernetes, which needs a readable service-account token at \/nonexistent\/sa-token/),
    ]);
  });
});

describe('choosing the method', () => {
  it('detects in order: client credentials before a JWT, a JWT before GitHub, GitHub before a token file', async () => {
    const cwd = project();
    const k8s = { INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: serviceAccountFile(cwd) };
    await run({ INFISICAL_MACHINE_IDENTITY_ID: OIDC_ID, INFISICAL_JWT: oidcJwt(), ...github(), ...k8s }, [], cwd);
    expect(byMethod()).toMatchObject({ 'universal-auth': 1, 'oidc-auth': 0, kubernetes: 0 });
    emu().resetStats();
    await run({ ...NO_UA, INFISICAL_MACHINE_IDENTITY_ID: OIDC_ID, INFISICAL_JWT: oidcJwt(), ...github(), ...k8s }, [], cwd);
    expect(byMethod()).toMatchObject({ 'universal-auth': 0, 'oidc-auth': 1, kubernetes: 0 });
    expect(emu().stats().githubTokens).toBe(0);
    emu().resetStats();
    await run({ ...NO_UA, INFISICAL_MACHINE_IDENTITY_ID: GITHUB_ID, INFISICAL_OIDC_AUDIENCE: 'https://infisical.e2e', ...github(), ...k8s }, [], cwd);
    expect(emu().stats().githubTokens).toBe(1);
    emu().resetStats();
    await run({ ...NO_UA, INFISICAL_MACHINE_IDENTITY_ID: K8S_ID, ...k8s }, [], cwd);
    expect(byMethod()).toMatchObject({ kubernetes: 1, 'oidc-auth': 0 });
  });

  it('INFISICAL_AUTH_METHOD overrides the order', async () => {
    const cwd = project();
    const result = await run(
      { INFISICAL_AUTH_METHOD: 'kubernetes', INFISICAL_MACHINE_IDENTITY_ID: K8S_ID, INFISICAL_KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH: serviceAccountFile(cwd) },
      [],
      cwd,
    );
    expect(childEnv(result).POSTGRES_HOST).toBe('db.by-identity');
    expect(byMethod()).toMatchObject({ 'universal-auth': 0, kubernetes: 1 });
  });

  it('nothing usable: one warning naming what was seen and what is missing, no request made', async () => {
    const result = await run({ ...NO_UA, INFISICAL_OIDC_AUTH_IDENTITY_ID: OIDC_ID });
    expect(infisicalWarnings(result.stderr)).toEqual([
      expect.stringMatching(/no way to log in with what is set \(INFISICAL_OIDC_AUTH_IDENTITY_ID\): oidc-auth needs INFISICAL_JWT/),
    ]);
    expect(emu().stats().total).toBe(0);
  });

  it('--scrub-bootstrap removes the JWT and the request token, under every name, from the child', async () => {
    const token = oidcJwt();
    const result = await run({ ...NO_UA, INFISICAL_MACHINE_IDENTITY_ID: OIDC_ID, INFISICAL_JWT: token, INFISICAL_OIDC_AUTH_JWT: token, ...github() }, [
      '--scrub-bootstrap',
    ]);
    expect(childEnv(result)).toEqual({
      POSTGRES_HOST: 'db.by-identity',
      INFISICAL_JWT: null,
      INFISICAL_OIDC_AUTH_JWT: null,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: null,
    });
  });
});

const readdirSafe = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};
