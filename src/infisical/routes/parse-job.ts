import { takeFolderSecrets, type FolderSecrets } from './parse-secrets.js';
import { takeTreeSecrets, type TreeSecrets, type Wanted } from './parse-tree.js';

// What to take from a parsed listing, as data, so a worker thread can be given it: one folder's
// `keys`, or from a root's recursive listing the wanted keys of the wanted folders.
export type ParseJob = { kind: 'folder'; keys: ReadonlySet<string> } | { kind: 'tree'; wanted: Wanted };
export type ParseResult<J extends ParseJob> = J extends { kind: 'tree' } ? TreeSecrets : FolderSecrets;

export const runParseJob = <J extends ParseJob>(job: J, record: Record<string, unknown>): ParseResult<J> =>
  (job.kind === 'tree' ? takeTreeSecrets(record, job.wanted) : takeFolderSecrets(record, job.keys)) as ParseResult<J>;

// The values a read listing holds: the ones the redactor learns, and no others.
export const valuesRead = (result: FolderSecrets | TreeSecrets): string[] =>
  'folders' in result ? [...result.folders.values()].flatMap((folder) => [...folder.values.values()]) : [...result.values.values()];
