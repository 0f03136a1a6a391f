import type { InfisicalClient, ListScope } from '../client.js';
import type { CallReply } from './call-reply.js';

export interface SecretWrite {
  key: string;
  value: string;
}

export type BatchMode = 'create' | 'update';

// What became of one batch: written, or refused because a key already exists (a create) or no
// longer does (an update) — someone else wrote meanwhile, and the caller looks again — or failed.
export type BatchResult = { kind: 'written' } | { kind: 'raced' } | { kind: 'failed'; reply: CallReply };

// Batches are all or nothing on the server (one existing key fails a create and nothing is written),
// so one request per folder and mode, of at most this many keys.
export const MAX_BATCH = 100;

const RACED: Record<BatchMode, (reply: CallReply) => boolean> = {
  create: (reply) => reply.status === 400 && /already exist/i.test(reply.message),
  update: (reply) => reply.status === 404 && /does not exist|not found/i.test(reply.message) && !/folder/i.test(reply.message),
};

// One batch into one folder: POST (create) or PATCH (update) /api/v4/secrets/batch, or on older
// servers /api/v3/secrets/batch/raw. Never repeated once it may have reached the server (a second
// create would be refused as a duplicate and hide whether the first was written).
export const writeBatch = async (
  client: InfisicalClient,
  scope: ListScope,
  folder: string,
  mode: BatchMode,
  writes: readonly SecretWrite[],
): Promise<BatchResult> => {
  const secretPath = folder.length > 1 ? folder.replace(/\/+$/, '') : folder;
  const secrets = writes.map((w) => ({ secretKey: w.key, secretValue: w.value }));
  const method = mode === 'create' ? 'POST' : 'PATCH';
  for (;;) {
    const generation = client.generation;
    const json =
      generation === 'v4'
        ? { projectId: scope.projectId, environment: scope.environment, secretPath, secrets }
        : { workspaceId: scope.projectId, environment: scope.environment, secretPath, secrets };
    const path = generation === 'v4' ? '/api/v4/secrets/batch' : '/api/v3/secrets/batch/raw';
    const reply = await client.call({ method, path, json }, { phase: 'write', idempotent: false });
    if (reply.unknownRoute && generation === 'v4') {
      client.useOlderApi();
      continue;
    }
    if (reply.ok) return { kind: 'written' };
    return RACED[mode](reply) ? { kind: 'raced' } : { kind: 'failed', reply };
  }
};
