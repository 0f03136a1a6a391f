// Turns a list-route body into key → value for one folder, checking its shape instead of trusting it.
import { HEADER_UNSAFE, HEADER_UNSAFE_WORDS } from '../../util/header-value.js';

export class BadResponseError extends Error {}

export const HIDDEN_VALUE = '<hidden-by-infisical>';

export interface RawSecret {
  secretKey: string;
  secretValue: string;
  hidden: boolean;
  personal: boolean;
  secretPath: unknown; // the folder of the row in a recursive listing (a string there)
}

// Every row's shape is checked, planned or not: a reply that is not what Infisical sends is refused
// whole. Only the rows `keep` wants are returned, so no other value outlives the parse.
export const readSecrets = (list: unknown, where: string, keep: (row: RawSecret, index: number) => boolean = () => true): RawSecret[] => {
  if (!Array.isArray(list)) throw new BadResponseError(`${where} is not a list`);
  const kept: RawSecret[] = [];
  list.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) throw new BadResponseError(`${where}[${index}] is not an object`);
    const { secretKey, secretValue, secretValueHidden, type, secretPath } = item as Record<string, unknown>;
    if (typeof secretKey !== 'string') throw new BadResponseError(`${where}[${index}].secretKey is not a string`);
    if (typeof secretValue !== 'string') throw new BadResponseError(`${where}[${index}].secretValue is not a string`);
    const row = { secretKey, secretValue, hidden: secretValueHidden === true, personal: type === 'personal', secretPath };
    if (keep(row, index)) kept.push(row);
  });
  return kept;
};

export const parseJsonObject = (body: string): Record<string, unknown> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadResponseError('the body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadResponseError('the body is not an object');
  return parsed as Record<string, unknown>;
};

// Precedence inside one folder's rows, in layer order (highest first).
export const decideLayers = (layers: readonly RawSecret[][]): FolderSecrets => {
  const values = new Map<string, string>();
  const hidden = new Set<string>();
  const decided = new Set<string>();
  for (const layer of layers) {
    for (const secret of [...layer.filter((s) => !s.personal), ...layer.filter((s) => s.personal)]) {
      if (decided.has(secret.secretKey)) continue;
      decided.add(secret.secretKey);
      if (secret.hidden || secret.secretValue === HIDDEN_VALUE) hidden.add(secret.secretKey);
      else values.set(secret.secretKey, secret.secretValue);
    }
  }
  return { values, hidden: [...hidden] };
};

export interface FolderSecrets {
  values: Map<string, string>;
  hidden: string[]; // keys whose value the identity may not read: never injected as if real
}

// Precedence inside one folder, as Infisical's own CLI applies it: the folder's own secrets, then
// imports from last to first (a later import wins over an earlier one). Within one list the first
// shared entry of a key wins; personal rows (v3 returns them for users) never replace shared ones.
// With `wanted`, only those keys are taken.
export const parseSecretsBody = (body: string, wanted?: ReadonlySet<string>): FolderSecrets => takeFolderSecrets(parseJsonObject(body), wanted);

// The same, from a body already parsed (routes/open-listing.ts parses it as it arrives).
export const takeFolderSecrets = (record: Record<string, unknown>, wanted?: ReadonlySet<string>): FolderSecrets => {
  const keep = wanted === undefined ? undefined : (row: RawSecret): boolean => wanted.has(row.secretKey);
  const layers: RawSecret[][] = [readSecrets(record['secrets'], 'secrets', keep)];
  const imports = record['imports'];
  if (imports !== undefined && imports !== null) {
    if (!Array.isArray(imports)) throw new BadResponseError('imports is not a list');
    for (let i = imports.length - 1; i >= 0; i--) {
      const entry = imports[i] as Record<string, unknown> | null;
      if (typeof entry !== 'object' || entry === null) throw new BadResponseError(`imports[${i}] is not an object`);
      layers.push(readSecrets(entry['secrets'], `imports[${i}].secrets`, keep));
    }
  }
  return decideLayers(layers);
};

export const parseLoginBody = (body: string): { accessToken: string; expiresIn: number } => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadResponseError('the login body is not JSON');
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof record['accessToken'] !== 'string' || record['accessToken'] === '') throw new BadResponseError('the login body has no accessToken');
  // It goes into a header: a character no header carries (a CR/LF, say, or one beyond Latin-1) would
  // be refused by the HTTP client at the next request, said as a network error.
  if (HEADER_UNSAFE.test(record['accessToken'])) throw new BadResponseError(`the login body has an accessToken ${HEADER_UNSAFE_WORDS}`);
  return { accessToken: record['accessToken'], expiresIn: typeof record['expiresIn'] === 'number' ? record['expiresIn'] : 0 };
};
