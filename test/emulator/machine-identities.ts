// The test seed plus OIDC and Kubernetes identities, and helpers to log in with them.
import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator, Faults, Seed, SeedIdentity } from '../../emulator/types.js';
import { SEED_PATH, call, postJson } from './helpers.js';
import type { Reply } from './helpers.js';

export const OIDC_ID = 'oidc-identity';
export const K8S_ID = 'k8s-identity';

export function seedWith(identities: SeedIdentity[]): Seed {
  const base = JSON.parse(readFileSync(SEED_PATH, 'utf8')) as Seed;
  return { ...base, identities: [...base.identities, ...identities] };
}

export function startWith(identities: SeedIdentity[], options: { faults?: Faults; clock?: () => number } = {}): Promise<Emulator> {
  return startEmulator({ seed: seedWith(identities), port: 0, ...options });
}

export function oidcLogin(emu: Emulator, jwt: string, identityId = OIDC_ID): Promise<Reply> {
  return postJson(`${emu.url}/api/v1/auth/oidc-auth/login`, { identityId, jwt });
}

export function k8sLogin(emu: Emulator, jwt: string, identityId = K8S_ID): Promise<Reply> {
  return postJson(`${emu.url}/api/v1/auth/kubernetes-auth/login`, { identityId, jwt });
}

/** As Infisical/secrets-action and axios with a querystring body send it. */
export function postForm(url: string, fields: Record<string, string>): Promise<Reply> {
  return call(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

/** A key the emulator does not know: for tokens with a bad signature or an unknown kid. */
export const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

export function claimsOf(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8'));
}
