// The older (Oct-2024) server's behaviours, one `legacy` knob each (docs/emulator.md, Faults): each
// test shows the knob's answer and, as its control, the newer server's answer without it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator, Faults } from '../../emulator/types.js';
import { REQ_ID, call, listV3, listV4, postJson, start, token } from './helpers.js';

let emu: Emulator;
let tok: string;
beforeAll(async () => {
  emu = await start();
  tok = await token(emu);
});
afterEach(() => emu.setFaults({}));
afterAll(async () => {
  await emu.close();
});

const DB = { secretPath: '/shared/db', includeImports: 'false' };
const legacy = (knobs: NonNullable<Faults['legacy']>) => emu.setFaults({ legacy: knobs });

describe('legacy knobs', () => {
  it('noReqId: error bodies carry no reqId', async () => {
    const url = `${emu.url}/api/v4/secrets?projectId=test-project&environment=prod`;
    expect((await call(url)).json).toEqual({ reqId: expect.stringMatching(REQ_ID), statusCode: 401, message: 'Token missing', error: 'UnauthorizedError' });
    legacy({ noReqId: true });
    const r = await call(url);
    expect(r.status).toBe(401);
    expect(r.text).toBe('{"statusCode":401,"message":"Token missing","error":"UnauthorizedError"}');
    emu.setFaults({ legacy: { noReqId: true }, status5xx: { times: 1 } });
    expect((await listV4(emu, tok, DB)).json).toEqual({ statusCode: 503, message: 'Something went wrong', error: 'ServiceUnavailable' });
  });

  it('validation401: a validation failure is a 401 ValidationFailure, not a 422', async () => {
    const badFlag = () => listV4(emu, tok, { ...DB, recursive: 'yes' });
    const noSecret = () => postJson(`${emu.url}/api/v1/auth/universal-auth/login`, { clientId: 'test-client-id' });
    expect((await badFlag()).status).toBe(422);
    legacy({ validation401: true });
    for (const r of [await badFlag(), await noSecret()]) {
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ reqId: expect.stringMatching(REQ_ID), statusCode: 401, error: 'ValidationFailure', message: [expect.any(Object)] });
    }
    legacy({ validation401: true, noReqId: true });
    const r = await noSecret();
    expect(Object.keys(r.json)).toEqual(['statusCode', 'error', 'message']);
    expect(r.json.message).toEqual([expect.objectContaining({ path: ['clientSecret'], message: 'Required' })]);
  });

  it('unknownProject404: a v3 list of an unknown project is a 404 from the bot lookup', async () => {
    const nope = { ...DB, workspaceId: 'no-such-project' };
    expect((await listV3(emu, tok, nope)).status).toBe(403);
    legacy({ unknownProject404: true });
    const r = await listV3(emu, tok, nope);
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      reqId: expect.stringMatching(REQ_ID),
      statusCode: 404,
      error: 'NotFound',
      message: 'Project not found during bot lookup. Are you sure you are using the correct project ID?',
    });
    // A project that exists but the identity is not a member of, and v4, still say 403.
    expect((await listV3(emu, tok, { ...DB, workspaceId: 'other-project' })).status).toBe(403);
    expect((await listV4(emu, tok, { ...DB, projectId: 'no-such-project' })).status).toBe(403);
  });

  it('noImportsKey: a v3 list without imports has no imports key', async () => {
    expect((await listV3(emu, tok, { secretPath: '/shared/db' })).json.imports).toEqual([]);
    legacy({ noImportsKey: true });
    for (const params of [{ secretPath: '/shared/db' }, { secretPath: '/shared/db', include_imports: 'false' }] as Record<string, string>[]) {
      const r = await listV3(emu, tok, params);
      expect(Object.keys(r.json)).toEqual(['secrets']);
    }
    expect((await listV3(emu, tok, { secretPath: '/shared/db', include_imports: 'true' })).json.imports).toHaveLength(1);
    expect((await listV4(emu, tok, DB)).json.imports).toEqual([]);
  });

  it('recursiveMissingEnv500: a recursive v3 list of a missing environment is a 500', async () => {
    const missingEnv = { secretPath: '/', environment: 'staging', recursive: 'true' };
    expect((await listV3(emu, tok, missingEnv)).status).toBe(404);
    // With the other older-server knob on too: the 500 wins for a recursive list, the empty 200 otherwise.
    legacy({ recursiveMissingEnv500: true, missingFolderEmpty200: true });
    const r = await listV3(emu, tok, missingEnv);
    expect(r.status).toBe(500);
    expect(r.json).toEqual({ reqId: expect.stringMatching(REQ_ID), statusCode: 500, message: 'Something went wrong', error: 'InternalServerError' });
    expect((await listV3(emu, tok, { ...missingEnv, recursive: 'false' })).json).toEqual({ secrets: [], imports: [] });
    expect((await listV3(emu, tok, { ...missingEnv, secretPath: '/nope', environment: 'prod' })).status).toBe(200);
    expect((await listV4(emu, tok, missingEnv)).status).toBe(200);
  });

  it('missingFolderEmpty200: a missing folder lists as an empty 200', async () => {
    expect((await listV4(emu, tok, { secretPath: '/nope' })).status).toBe(404);
    legacy({ missingFolderEmpty200: true });
    const r = await listV4(emu, tok, { secretPath: '/nope' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ secrets: [], imports: [] });
  });

  it('noV4: the v4 routes answer a Fastify-style 404, while v3 still works', async () => {
    legacy({ noV4: true });
    const r = await listV4(emu, tok, DB);
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ message: expect.stringMatching(/^Route GET:\/api\/v4\/secrets\?projectId=/), error: 'Not Found', statusCode: 404 });
    expect((await listV3(emu, tok, DB)).status).toBe(200);
  });

  it('rejects an unknown or non-boolean legacy knob', () => {
    expect(() => legacy({ noV5: true } as never)).toThrow(/unknown key 'legacy\.noV5'/);
    expect(() => legacy({ noReqId: 'yes' } as never)).toThrow(/legacy\.noReqId must be a boolean/);
  });
});
