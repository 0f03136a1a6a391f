// Batch secret writes: `POST`/`PATCH /api/v4/secrets/batch` and `/api/v3/secrets/batch/raw`
// (docs/emulator.md, Admin routes). Each is all or nothing: one existing key fails a create, one
// missing key fails an update, and nothing is written.
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import type { Deps } from './deps.js';
import { apiError, badRequest } from './errors.js';
import { BodyReader } from './body.js';
import type { WriteApi } from './routes-secret-writes.js';
import type { StoredSecret } from './seed.js';
import { cleanValue, newSecret, row, target } from './routes-secret-writes.js';

interface Item {
  key: string;
  value?: string;
  comment?: string;
  skip?: boolean;
}

/** The `secrets` array: at least one entry, each with a string `secretKey` (and `secretValue` on create). */
function readItems(b: BodyReader, needValue: boolean): Item[] {
  const list = b.array('secrets');
  if (list === undefined || list.length === 0) {
    if (!b.issues.some((i) => i.path[0] === 'secrets')) {
      b.issues.push({
        code: 'too_small',
        minimum: 1,
        type: 'array',
        inclusive: true,
        exact: false,
        message: 'Array must contain at least 1 element(s)',
        path: ['secrets'],
      });
    }
    return [];
  }
  const items: Item[] = [];
  list.forEach((raw, i) => {
    const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const badValue = needValue ? typeof o.secretValue !== 'string' : o.secretValue !== undefined && typeof o.secretValue !== 'string';
    if (typeof o.secretKey !== 'string' || badValue) {
      b.issues.push({
        code: 'invalid_type',
        expected: 'string',
        received: typeof o.secretKey,
        path: ['secrets', i],
        message: 'secretKey and secretValue must be strings',
      });
      return;
    }
    items.push({
      key: o.secretKey.trim(),
      ...(typeof o.secretValue === 'string' ? { value: o.secretValue } : {}),
      ...(typeof o.secretComment === 'string' ? { comment: o.secretComment.trim() } : {}),
      ...(typeof o.skipMultilineEncoding === 'boolean' ? { skip: o.skipMultilineEncoding } : {}),
    });
  });
  return items;
}

export async function createSecretsBatch(ctx: Ctx, deps: Deps, api: WriteApi): Promise<void> {
  const b = await BodyReader.read(ctx);
  const items = readItems(b, true);
  const keys = items.map((i) => i.key);
  const t = target(ctx, deps, b, api, keys, 'CreateManySecret');
  const existing = keys.filter((k) => t.folder.secrets.some((s) => s.key === k));
  if (existing.length > 0) throw badRequest(ctx.reqId, `Secret already exists: ${existing.join(',')}`);
  const created = items.map((i) => newSecret(t, i.key, cleanValue(i.value as string), i.comment ?? '', i.skip ?? false));
  for (const secret of created) {
    t.folder.secrets.push(secret);
    deps.countWrite('secrets');
  }
  sendJson(ctx, 200, { secrets: created.map((s) => row(t, s, deps.createdAt)) });
}

/** Batch update in the default `failOnNotFound` mode (`mode: "upsert"` is not modelled). */
export async function updateSecretsBatch(ctx: Ctx, deps: Deps, api: WriteApi): Promise<void> {
  const b = await BodyReader.read(ctx);
  const items = readItems(b, false);
  const mode = b.str('mode');
  if (mode !== undefined && mode !== 'failOnNotFound') {
    b.issues.push({
      code: 'invalid_enum_value',
      options: ['failOnNotFound'],
      received: mode,
      path: ['mode'],
      message: `Invalid enum value. Expected 'failOnNotFound', received '${mode}'`,
    });
  }
  const t = target(
    ctx,
    deps,
    b,
    api,
    items.map((i) => i.key),
    'UpdateManySecret',
  );
  const missing = items.filter((i) => !t.folder.secrets.some((s) => s.key === i.key)).map((i) => i.key);
  if (missing.length > 0) throw apiError(ctx.reqId, 404, 'NotFound', `Secret does not exist: ${missing.join(',')}`);
  const updated = items.map((i) => {
    const secret = t.folder.secrets.find((s) => s.key === i.key) as StoredSecret;
    if (i.value !== undefined) secret.value = cleanValue(i.value);
    if (i.comment !== undefined) secret.comment = i.comment;
    if (i.skip !== undefined) secret.skipMultilineEncoding = i.skip;
    deps.countWrite('secretUpdates');
    return secret;
  });
  sendJson(ctx, 200, { secrets: updated.map((s) => row(t, s, deps.createdAt)) });
}
