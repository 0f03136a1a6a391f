import { classifyList, type HttpReply } from '../transport/classify.js';
import { replyFailure, type ReplyContext } from './context.js';

// /api/v4/secrets, or /api/v3/secrets/raw on servers older than it (before mid-2025).
export type ApiGeneration = 'v4' | 'v3';

export interface ListQuery {
  projectId: string;
  environment: string;
  folder: string;
  recursive: boolean; // the folder's subfolders too
  expand?: boolean; // references (${KEY}) replaced by their values (the default); seed compares the stored text
}

// Both generations' names for the imports flag are sent: servers have read one or the other.
export const listSecretsPath = (generation: ApiGeneration, query: ListQuery): string => {
  const secretPath = query.folder.length > 1 ? query.folder.replace(/\/+$/, '') : query.folder;
  const common = {
    environment: query.environment,
    secretPath,
    viewSecretValue: 'true',
    expandSecretReferences: String(query.expand ?? true),
    recursive: String(query.recursive),
  };
  const params: Record<string, string> =
    generation === 'v3'
      ? { workspaceId: query.projectId, ...common, include_imports: 'true' }
      : { projectId: query.projectId, ...common, includeImports: 'true', include_imports: 'true', includePersonalOverrides: 'false' };
  return `${generation === 'v3' ? '/api/v3/secrets/raw' : '/api/v4/secrets'}?${new URLSearchParams(params).toString()}`;
};

// A listing as it arrived: read (parseSecretsBody, parseTreeBody) once the plan says what to take.
export type Listing = { missing: true } | { missing: false; body: string | Uint8Array; release?: () => void };

export type ListResult =
  | { kind: 'listed'; listing: Listing }
  | { kind: 'no-route' } // this server lacks the route: ask the older one
  | { kind: 'relogin'; status: number }; // the token expired or was revoked

// What one reply of the list route means; a failure is thrown.
export const readListReply = (reply: HttpReply, context: ReplyContext): ListResult => {
  const verdict = classifyList(reply, context.redact);
  const fail = replyFailure(context, 'list', reply.status);
  switch (verdict.kind) {
    case 'ok':
      return { kind: 'listed', listing: { missing: false, body: reply.bytes ?? reply.body, release: reply.release } };
    case 'missing-folder':
      return { kind: 'listed', listing: { missing: true } };
    case 'no-route':
      return { kind: 'no-route' };
    case 'relogin':
      return { kind: 'relogin', status: reply.status };
    case 'retry':
      throw fail('INFISICAL_UNREACHABLE', { kind: 'kept-failing' });
    case 'fail':
      throw fail(verdict.code, { kind: 'server-said', said: verdict.reason });
  }
};
