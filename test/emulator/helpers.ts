// Shared helpers for the emulator tests: start an emulator on a free port and make raw HTTP calls.
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../emulator/server.js';
import type { Emulator, Faults } from '../../emulator/types.js';

export const SEED_PATH = fileURLToPath(new URL('../../fixtures/emulator/test-seed.json', import.meta.url));
export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret';
export const PROJECT = 'test-project';
export const REQ_ID = /^req-[A-Za-z0-9]{14}$/;

export function start(faults?: Faults, clock?: () => number): Promise<Emulator> {
  return startEmulator({ seed: SEED_PATH, port: 0, faults, ...(clock ? { clock } : {}) });
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

/**
 * A GET sent from `localAddress` (127.0.0.2, say: all of 127/8 is loopback on Linux), so a test can be
 * two clients whose addresses differ; fetch cannot choose the address it connects from.
 */
export function getFrom(localAddress: string, url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        const plain = Object.entries(res.headers).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]]));
        resolve({ status: res.statusCode ?? 0, headers: new Headers(plain), text, json: text.length > 0 ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
