import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/types.js';
import { PROJECT, REQ_ID, call, listV3, listV4, start, token, values } from './helpers.js';

let emu: Emulator;
let tok: string;
beforeAll(async () => {
  emu = await start();
  tok = await token(emu);
});
afterAll(async () => {
  await emu.close();
});

const DB = { secretPath: '/shared/db', expandSecretReferences: 'true', includeImports: 'false' };

describe('GET /api/v4/secrets', () => {
  it('finds a folder requested with a trailing slash and returns SecretRaw rows', async () => {
    const r = await listV4(emu, tok, { ...DB, secretPath: '/shared/db/' });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toMatch(/^"[^"]+"$/);
    const host = r.json.secrets.find((s: { secretKey: string }) => s.secretKey === 'POSTGRES_HOST');
    expect(host).toMatchObject({
      _id: host.id,
      workspace: PROJECT,
      environment: 'prod',
      version: 1,
      type: 'shared',
      secretValue: 'db.internal',
      secretComment: '',
      secretValueHidden: false,
      secretPath: '/shared/db',
    });
    expect(Date.parse(host.createdAt)).not.toBeNaN();
    expect(r.json.imports).toEqual([]);
  });

  it('accepts both import spellings and returns imports separately, never merged', async () => {
    for (const flag of ['includeImports', 'include_imports']) {
      const r = await listV4(emu, tok, { secretPath: '/shared/db', expandSecretReferences: 'false', [flag]: 'true' });
      expect(r.status).toBe(200);
      const keys = r.json.secrets.map((s: { secretKey: string }) => s.secretKey);
      expect(keys).not.toContain('LOG_LEVEL');
      expect(r.json.imports).toHaveLength(1);
      const [imp] = r.json.imports;
      expect(imp).toMatchObject({ secretPath: '/shared/common', environment: 'prod', folderId: expect.any(String) });
      expect(imp.secrets[0]).toMatchObject({ workspace: '', secretKey: 'LOG_LEVEL', secretValue: 'info' });
      expect(imp.secrets[0]).not.toHaveProperty('createdAt');
      // Nested imports are flattened into the same entry; without expansion duplicates remain.
      expect(imp.secrets.map((s: { secretKey: string }) => s.secretKey)).toEqual(['LOG_LEVEL', 'POSTGRES_PORT', 'REGION', 'REGION', 'BASE_ONLY']);
    }
  });

  it('de-duplicates an import entry by key when expanding (the imported folder wins)', async () => {
    const r = await listV4(emu, tok, { ...DB, includeImports: 'true' });
    expect(values(r.json.imports[0].secrets)).toEqual({ LOG_LEVEL: 'info', POSTGRES_PORT: '5433', REGION: 'eu-1', BASE_ONLY: 'base' });
  });

  it('omits imports when they are not requested', async () => {
    const r = await listV4(emu, tok, { ...DB, include_imports: 'false', includeImports: 'false' });
    expect(r.json.imports).toEqual([]);
  });

  it('expands references as docs/emulator.md (Routes) describes', async () => {
    const v = values((await listV4(emu, tok, DB)).json.secrets);
    expect(v.POSTGRES_DSN).toBe('postgres://app@db.internal:5432/app');
    expect(v.FROM_COMMON).toBe('level=info');
    expect(v.FROM_DEV).toBe('dev-value');
    expect(v.UNRESOLVED).toBe('x-${DOES_NOT_EXIST}-y');
    expect(v.POINTS_AT_EMPTY).toBe('${EMPTY}');
    expect(v.CYCLE_A).toBe('a(b(${CYCLE_A}))');
    expect(v.REF_TO_MASKED).toBe('m=${MASKED}');
    expect(v.MULTILINE).toBe('"line1\\nline2"');
  });

  it('leaves references alone when expansion is off', async () => {
    const v = values((await listV4(emu, tok, { ...DB, expandSecretReferences: 'false' })).json.secrets);
    expect(v.POSTGRES_DSN).toBe('postgres://${POSTGRES_USER}@${POSTGRES_HOST}:${POSTGRES_PORT}/app');
  });

  it('masks hidden values, and every value when viewSecretValue=false', async () => {
    const rows = (await listV4(emu, tok, DB)).json.secrets;
    expect(rows.find((s: { secretKey: string }) => s.secretKey === 'MASKED')).toMatchObject({ secretValue: '<hidden-by-infisical>', secretValueHidden: true });
    const masked = (await listV4(emu, tok, { ...DB, viewSecretValue: 'false' })).json.secrets;
    expect(masked.every((s: { secretValue: string; secretValueHidden: boolean }) => s.secretValue === '<hidden-by-infisical>' && s.secretValueHidden)).toBe(
      true,
    );
  });

  it('is 422 for a boolean that is not exactly "true" or "false"', async () => {
    const r = await listV4(emu, tok, { ...DB, recursive: 'yes' });
    expect(r.status).toBe(422);
    expect(r.json.message).toEqual([expect.objectContaining({ code: 'invalid_enum_value', path: ['recursive'], options: ['true', 'false'] })]);
  });

  it('is 400 without projectId or environment', async () => {
    const r = await call(`${emu.url}/api/v4/secrets?environment=prod`, { headers: { authorization: `Bearer ${tok}` } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ reqId: expect.stringMatching(REQ_ID), statusCode: 400, error: 'BadRequest', message: 'Missing project id or environment' });
  });

  it('is 403 for a project the identity is not a member of', async () => {
    const r = await listV4(emu, tok, { projectId: 'other-project' });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({
      error: "Identity is not a member of the specified project with ID 'other-project'",
      message: 'You are not allowed to access this resource',
    });
  });

  it('is 404 SecretPathNotFound for a missing folder or environment', async () => {
    for (const params of [{ secretPath: '/nope/' }, { secretPath: '/nope', environment: 'qa' }] as Record<string, string>[]) {
      const r = await listV4(emu, tok, params);
      expect(r.status).toBe(404);
      const env = params.environment ?? 'prod';
      expect(r.json).toMatchObject({
        error: 'SecretPathNotFound',
        message: `Folder with path '/nope' in environment '${env}' was not found. Please ensure the environment slug and secret path is correct.`,
      });
    }
  });

  it('knows implicit intermediate folders', async () => {
    const r = await listV4(emu, tok, { secretPath: '/services' });
    expect(r.status).toBe(200);
    expect(r.json.secrets).toEqual([]);
  });

  it('walks the subtree with recursive=true', async () => {
    const r = await listV4(emu, tok, { secretPath: '/shared', recursive: 'true', includeImports: 'false' });
    const paths = new Set(r.json.secrets.map((s: { secretPath: string }) => s.secretPath));
    expect(paths).toEqual(new Set(['/shared/base', '/shared/common', '/shared/db']));
  });

  it("drops a hidden secret of a sub-folder from a recursive listing of values, and masks the queried folder's own", async () => {
    const masked = (r: { json: { secrets: { secretKey: string; secretValue: string; secretPath: string }[] } }) =>
      r.json.secrets.filter((s) => s.secretKey === 'MASKED').map((s) => [s.secretPath, s.secretValue]);
    const list = (params: Record<string, string>) => listV4(emu, tok, { recursive: 'true', includeImports: 'false', ...params });
    expect(masked(await list({ secretPath: '/shared' }))).toEqual([]);
    expect((await list({ secretPath: '/shared' })).json.secrets.some((s: { secretKey: string }) => s.secretKey === 'POSTGRES_HOST')).toBe(true);
    expect(masked(await list({ secretPath: '/shared/db' }))).toEqual([['/shared/db', '<hidden-by-infisical>']]);
    // Without values every secret is masked alike, so the sub-folder's hidden one stays.
    expect(masked(await list({ secretPath: '/shared', viewSecretValue: 'false' }))).toEqual([['/shared/db', '<hidden-by-infisical>']]);
    expect(masked(await listV3(emu, tok, { secretPath: '/', recursive: 'true' }))).toEqual([]);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await listV4(emu, tok, DB);
    const etag = first.headers.get('etag') ?? '';
    const r = await call(
      `${emu.url}/api/v4/secrets?projectId=${PROJECT}&environment=prod&secretPath=/shared/db&expandSecretReferences=true&includeImports=false`,
      {
        headers: { authorization: `Bearer ${tok}`, 'if-none-match': etag },
      },
    );
    expect(r.status).toBe(304);
    expect(r.text).toBe('');
  });
});

describe('GET /api/v3/secrets/raw', () => {
  it('lists by workspaceId or workspaceSlug with include_imports', async () => {
    for (const params of [{}, { workspaceId: '', workspaceSlug: 'test-project-slug' }] as Record<string, string>[]) {
      const r = await listV3(emu, tok, { ...DB, include_imports: 'true', ...params });
      expect(r.status).toBe(200);
      expect(values(r.json.secrets).POSTGRES_HOST).toBe('db.internal');
      expect(r.json.imports).toHaveLength(1);
    }
  });

  it('defaults to no expansion and no imports', async () => {
    const r = await listV3(emu, tok, { secretPath: '/shared/db' });
    expect(values(r.json.secrets).POSTGRES_DSN).toContain('${POSTGRES_USER}');
    expect(r.json.imports).toEqual([]);
  });
});

describe('single secret', () => {
  const get = (version: 'v4' | 'v3', name: string, params: Record<string, string>) => {
    const base = version === 'v4' ? `/api/v4/secrets/${name}` : `/api/v3/secrets/raw/${name}`;
    const project: Record<string, string> = version === 'v4' ? { projectId: PROJECT } : { workspaceId: PROJECT };
    const qs = new URLSearchParams({ ...project, environment: 'prod', secretPath: '/shared/db', ...params });
    return call(`${emu.url}${base}?${qs}`, { headers: { authorization: `Bearer ${tok}` } });
  };

  it('returns {secret} on v4 and v3, expanded', async () => {
    for (const version of ['v4', 'v3'] as const) {
      const r = await get(version, 'POSTGRES_DSN', { expandSecretReferences: 'true' });
      expect(r.status).toBe(200);
      expect(r.json.secret).toMatchObject({ secretKey: 'POSTGRES_DSN', secretValue: 'postgres://app@db.internal:5432/app', secretPath: '/shared/db' });
    }
  });

  it('falls back to imports (later import wins) only when imports are requested', async () => {
    expect((await get('v3', 'LOG_LEVEL', { include_imports: 'true' })).json.secret).toMatchObject({ secretValue: 'info', secretPath: '/shared/common' });
    const r = await get('v4', 'LOG_LEVEL', { includeImports: 'false' });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: 'NotFound', message: "Secret with name 'LOG_LEVEL' not found" });
  });
});

describe('other routes', () => {
  it('serves /api/status', async () => {
    const r = await call(`${emu.url}/api/status`);
    expect(r.json).toEqual({ date: expect.any(String), message: 'Ok' });
  });

  it('answers unknown routes like Fastify', async () => {
    const r = await call(`${emu.url}/api/v9/nothing?x=1`);
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ message: 'Route GET:/api/v9/nothing?x=1 not found', error: 'Not Found', statusCode: 404 });
    expect((await call(`${emu.url}/api/v1/auth/universal-auth/login`)).status).toBe(404);
  });
});
