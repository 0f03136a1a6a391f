import type { InfisicalClient, ListScope } from '../client.js';
import { field } from './call-reply.js';
import { listSecretsPath } from './list-secrets.js';
import { BadResponseError, HIDDEN_VALUE, readSecrets } from './parse-secrets.js';
import { asBadResponse, replyFailure } from './context.js';
import { isInfisicalError } from '../errors.js';

// What one folder holds for `seed`, read as stored: references unexpanded (a stored `${DB_HOST}` is
// compared as written), the folder's own shared secrets apart from those its imports bring.
export interface FolderLook {
  values: Map<string, string>; // the folder's own, of the keys asked about; a value this identity may not read is HIDDEN_VALUE
  imported: Set<string>; // keys asked about that only an import provides
}

export { HIDDEN_VALUE };

// Only the keys asked about are kept: no other value outlives the read. A missing folder (404
// SecretPathNotFound on newer servers) is undefined; the caller knows from the folder listing too,
// since older servers answer a missing folder with an empty 200.
export const lookAtFolder = async (client: InfisicalClient, scope: ListScope, folder: string, keys: ReadonlySet<string>): Promise<FolderLook | undefined> => {
  for (;;) {
    const generation = client.generation;
    const path = listSecretsPath(generation, { ...scope, folder, recursive: false, expand: false });
    const reply = await client.call({ method: 'GET', path }, { phase: 'read', idempotent: true });
    if (reply.unknownRoute && generation === 'v4') {
      client.useOlderApi();
      continue;
    }
    if (reply.status === 404 && (reply.error === 'SecretPathNotFound' || /folder .*not found/i.test(reply.message))) return undefined;
    if (!reply.ok) throw reply.failure().inFolder(folder);
    const data = field(reply, client.context, 'read', (d) => d as Record<string, unknown>, 'listing');
    try {
      return read(data, keys, (value) => client.redactor.add(value));
    } catch (error) {
      const failed = asBadResponse(error, replyFailure(client.context, 'read', reply.status));
      throw isInfisicalError(failed) ? failed.inFolder(folder) : failed;
    }
  }
};

const read = (data: Record<string, unknown>, keys: ReadonlySet<string>, learned: (value: string) => void): FolderLook => {
  const values = new Map<string, string>();
  const wanted = (row: { secretKey: string; personal: boolean }): boolean => keys.has(row.secretKey) && !row.personal;
  for (const row of readSecrets(data['secrets'], 'secrets', wanted)) {
    if (values.has(row.secretKey)) continue;
    const hidden = row.hidden || row.secretValue === HIDDEN_VALUE;
    if (!hidden && row.secretValue !== '') learned(row.secretValue);
    values.set(row.secretKey, hidden ? HIDDEN_VALUE : row.secretValue);
  }
  const imported = new Set<string>();
  const imports = data['imports'];
  if (imports !== undefined && imports !== null) {
    if (!Array.isArray(imports)) throw new BadResponseError('imports is not a list');
    imports.forEach((entry: unknown, i) => {
      if (typeof entry !== 'object' || entry === null) throw new BadResponseError(`imports[${i}] is not an object`);
      for (const row of readSecrets((entry as Record<string, unknown>)['secrets'], `imports[${i}].secrets`, wanted))
        if (!values.has(row.secretKey)) imported.add(row.secretKey);
    });
  }
  return { values, imported };
};
