// Turns a list-route body into key → value for one folder, checking its shape instead of trusting it.

export class BadResponseError extends Error {}

export const HIDDEN_VALUE = '<hidden-by-infisical>';

interface RawSecret {
  secretKey: string;
  secretValue: string;
  hidden: boolean;
  personal: boolean;
}

const readSecrets = (list: unknown, where: string): RawSecret[] => {
  if (!Array.isArray(list)) throw new BadResponseError(`${where} is not a list`);
  return list.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) throw new BadResponseError(`${where}[${index}] is not an object`);
    const { secretKey, secretValue, secretValueHidden, type } = item as Record<string, unknown>;
    if (typeof secretKey !== 'string') throw new BadResponseError(`${where}[${index}].secretKey is not a string`);
    if (typeof secretValue !== 'string') throw new BadResponseError(`${where}[${index}].secretValue is not a string`);
    return { secretKey, secretValue, hidden: secretValueHidden === true, personal: type === 'personal' };
  });
};

export interface FolderSecrets {
  values: Map<string, string>;
  hidden: string[]; // keys whose value the identity may not read: never injected as if real
}

// Precedence inside one folder, as Infisical's own CLI applies it: the folder's own secrets, then
// imports from last to first (a later import wins over an earlier one). Within one list the first
// shared entry of a key wins; personal rows (v3 returns them for users) never replace shared ones.
export const parseSecretsBody = (body: string): FolderSecrets => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadResponseError('the body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadResponseError('the body is not an object');
  const record = parsed as Record<string, unknown>;
  const layers: RawSecret[][] = [readSecrets(record['secrets'], 'secrets')];
  const imports = record['imports'];
  if (imports !== undefined && imports !== null) {
    if (!Array.isArray(imports)) throw new BadResponseError('imports is not a list');
    for (let i = imports.length - 1; i >= 0; i--) {
      const entry = imports[i] as Record<string, unknown> | null;
      if (typeof entry !== 'object' || entry === null) throw new BadResponseError(`imports[${i}] is not an object`);
      layers.push(readSecrets(entry['secrets'], `imports[${i}].secrets`));
    }
  }
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

export const parseLoginBody = (body: string): { accessToken: string; expiresIn: number } => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadResponseError('the login body is not JSON');
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof record['accessToken'] !== 'string' || record['accessToken'] === '') throw new BadResponseError('the login body has no accessToken');
  return { accessToken: record['accessToken'], expiresIn: typeof record['expiresIn'] === 'number' ? record['expiresIn'] : 0 };
};
