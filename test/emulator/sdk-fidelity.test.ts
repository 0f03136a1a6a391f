// Fidelity check: the official Infisical Node SDK must work against the emulator unmodified.
import { InfisicalSDK } from '@infisical/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { CLIENT_ID, CLIENT_SECRET, PROJECT, start } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(async () => {
  await emu.close();
});

async function loggedIn(): Promise<InfisicalSDK> {
  const client = new InfisicalSDK({ siteUrl: emu.url });
  await client.auth().universalAuth.login({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  return client;
}

const byKey = (rows: { secretKey: string; secretValue: string }[]) => Object.fromEntries(rows.map((r) => [r.secretKey, r.secretValue]));

describe('@infisical/sdk against the emulator', () => {
  it('logs in with universal auth and lists secrets with imports and expansion', async () => {
    const client = await loggedIn();
    expect(client.auth().getAccessToken()).toEqual(expect.any(String));
    const res = await client.secrets().listSecrets({
      projectId: PROJECT,
      environment: 'prod',
      secretPath: '/shared/db/',
      expandSecretReferences: true,
      includeImports: true,
    });
    const local = byKey(res.secrets);
    expect(local.POSTGRES_HOST).toBe('db.internal');
    expect(local.POSTGRES_DSN).toBe('postgres://app@db.internal:5432/app');
    expect(local.LOG_LEVEL).toBeUndefined();
    expect(res.imports?.[0]?.secretPath).toBe('/shared/common');
    expect(byKey(res.imports?.[0]?.secrets ?? []).LOG_LEVEL).toBe('info');
  });

  it('merges imports with listSecretsWithImports (local values win)', async () => {
    const client = await loggedIn();
    const rows = await client
      .secrets()
      .listSecretsWithImports({ projectId: PROJECT, environment: 'prod', secretPath: '/shared/db', expandSecretReferences: true });
    const all = byKey(rows);
    expect(all.POSTGRES_PORT).toBe('5432');
    expect(all.LOG_LEVEL).toBe('info');
    expect(all.BASE_ONLY).toBe('base');
  });

  it('gets a single secret, also through imports', async () => {
    const client = await loggedIn();
    const host = await client.secrets().getSecret({ projectId: PROJECT, environment: 'prod', secretPath: '/shared/db', secretName: 'POSTGRES_HOST' });
    expect(host.secretValue).toBe('db.internal');
    const imported = await client
      .secrets()
      .getSecret({ projectId: PROJECT, environment: 'prod', secretPath: '/shared/db', secretName: 'LOG_LEVEL', includeImports: true });
    expect(imported.secretValue).toBe('info');
  });

  it('surfaces the server error message for a missing secret and for bad credentials', async () => {
    const client = await loggedIn();
    await expect(client.secrets().getSecret({ projectId: PROJECT, environment: 'prod', secretPath: '/shared/db', secretName: 'NOPE' })).rejects.toThrow(
      "Secret with name 'NOPE' not found",
    );
    const anon = new InfisicalSDK({ siteUrl: emu.url });
    await expect(anon.auth().universalAuth.login({ clientId: CLIENT_ID, clientSecret: 'wrong' })).rejects.toThrow('Invalid credentials');
  });

  it('renews its token and keeps working', async () => {
    const client = await loggedIn();
    const before = client.auth().getAccessToken();
    await client.auth().universalAuth.renew();
    expect(client.auth().getAccessToken()).not.toBe(before);
    const res = await client.secrets().listSecrets({ projectId: PROJECT, environment: 'prod', secretPath: '/services/demo-api/db' });
    expect(byKey(res.secrets).POSTGRES_HOST).toBe('api-db.internal');
  });
});
