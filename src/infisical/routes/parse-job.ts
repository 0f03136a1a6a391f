import { parseSecretsBody, type FolderSecrets } from './parse-secrets.js';
import { parseTreeBody, type TreeSecrets, type Wanted } from './parse-tree.js';

// How to read one listing, as data, so a worker thread can be given it: one folder's (only `keys`
// taken), or a root's recursive listing (only the wanted keys of the wanted folders).
export type ParseJob = { kind: 'folder'; keys: ReadonlySet<string> } | { kind: 'tree'; wanted: Wanted };
export type ParseResult<J extends ParseJob> = J extends { kind: 'tree' } ? TreeSecrets : FolderSecrets;

export const runParseJob = <J extends ParseJob>(job: J, body: string): ParseResult<J> =>
  (job.kind === 'tree' ? parseTreeBody(body, job.wanted) : parseSecretsBody(body, job.keys)) as ParseResult<J>;

// The values a read listing holds: the ones the redactor learns, and no others.
export const valuesRead = (result: FolderSecrets | TreeSecrets): string[] =>
  'folders' in result ? [...result.folders.values()].flatMap((folder) => [...folder.values.values()]) : [...result.values.values()];
