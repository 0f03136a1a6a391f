import { BadResponseError, decideLayers, parseJsonObject, readSecrets, type FolderSecrets, type RawSecret } from './parse-secrets.js';

// Planned folder → the keys planned in it: all a reply is read for.
export type Wanted = ReadonlyMap<string, ReadonlySet<string>>;

export interface TreeSecrets {
  folders: Map<string, FolderSecrets>; // every wanted folder; one without rows is empty
  // Which folder a wanted value belongs to cannot be told, and the folders are listed one by one: an
  // import supplies a wanted key (a recursive reply lists the imports of every folder in one flat
  // list, without the folder that imports each), or a row does not say its folder (no server read
  // leaves it out, but one that did would otherwise fail the whole root).
  ambiguous: boolean;
}

// Rows carry their folder as Infisical writes paths: no trailing slash, except the root's.
const folderOf = (secretPath: string): string => (secretPath.endsWith('/') ? secretPath : `${secretPath}/`);

const importsSupply = (imports: unknown, wantedKeys: ReadonlySet<string>): boolean => {
  if (imports === undefined || imports === null) return false;
  if (!Array.isArray(imports)) throw new BadResponseError('imports is not a list');
  return imports.some((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null) throw new BadResponseError(`imports[${i}] is not an object`);
    return readSecrets((entry as Record<string, unknown>)['secrets'], `imports[${i}].secrets`, (row) => wantedKeys.has(row.secretKey)).length > 0;
  });
};

// A recursive listing of a root folder → the wanted keys of each wanted folder below it. Rows of
// folders or keys not wanted are checked and dropped as they are read.
export const parseTreeBody = (body: string, wanted: Wanted): TreeSecrets => takeTreeSecrets(parseJsonObject(body), wanted);

// The same, from a body already parsed (routes/open-listing.ts parses it as it arrives).
export const takeTreeSecrets = (record: Record<string, unknown>, wanted: Wanted): TreeSecrets => {
  const wantedKeys = new Set([...wanted.values()].flatMap((keys) => [...keys]));
  const rows = new Map<string, RawSecret[]>();
  let unattributed = false;
  readSecrets(record['secrets'], 'secrets', (row) => {
    if (typeof row.secretPath !== 'string') {
      unattributed = true;
      return false;
    }
    const folder = folderOf(row.secretPath);
    if (wanted.get(folder)?.has(row.secretKey) !== true) return false;
    const list = rows.get(folder);
    if (list === undefined) rows.set(folder, [row]);
    else list.push(row);
    return true;
  });
  if (unattributed || importsSupply(record['imports'], wantedKeys)) return { folders: new Map(), ambiguous: true };
  const folders = new Map<string, FolderSecrets>();
  for (const folder of wanted.keys()) folders.set(folder, decideLayers([rows.get(folder) ?? []]));
  return { folders, ambiguous: false };
};
