// Shared helpers for the emulator tests: start an emulator on a free port and make raw HTTP calls.
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator, Faults } from '../../emulator/types.js';

export const SEED_PATH = fileURLToPath(new URL('../../fixtures/emulator/test-seed.json', import.meta.url));
export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret';
export const PROJECT = 'test-project';
export const REQ_ID = /^req-[A-Za-z0-9]{14}$/;

export function start(faults?: Faults): Promise<Emulator> {
  return startEmulator({ seed: SEED_PATH, port: 0, faults });
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // The shape differs per route; tests assert on it, so a loose type keeps them readable.
  json: any;
}

export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function postJson(url: string, body: unknown): Promise<Reply> {
  return call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export function login(emu: Emulator, clientId = CLIENT_ID, clientSecret = CLIENT_SECRET): Promise<Reply> {
  return postJson(`${emu.url}/api/v1/auth/universal-auth/login`, { clientId, clientSecret });
}

export async function token(emu: Emulator): Promise<string> {
  const r = await login(emu);
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
  return r.json.accessToken as string;
}

export function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

export function listV4(emu: Emulator, tok: string, params: Record<string, string>): Promise<Reply> {
  return call(`${emu.url}/api/v4/secrets?${query({ projectId: PROJECT, environment: 'prod', ...params })}`, {
    headers: { authorization: `Bearer ${tok}` },
  });
}

export function listV3(emu: Emulator, tok: string, params: Record<string, string>): Promise<Reply> {
  return call(`${emu.url}/api/v3/secrets/raw?${query({ workspaceId: PROJECT, environment: 'prod', ...params })}`, {
    headers: { authorization: `Bearer ${tok}` },
  });
}

/** secretKey → secretValue of a list response's `secrets` (or of one import entry). */
export function values(rows: { secretKey: string; secretValue: string }[]): Record<string, string> {
  return Object.fromEntries(rows.map((r) => [r.secretKey, r.secretValue]));
}
