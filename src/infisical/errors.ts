import { SecretsRunError, isSecretsRunError, type ErrorCode } from '../errors.js';
import { describeTlsFailure } from './transport/tls-failure.js';

export type InfisicalCode = Extract<ErrorCode, `INFISICAL_${string}`>;

// Where in talking to Infisical it went wrong: before any request (the settings), at login, while
// listing a folder, or in a request of the admin commands (seed, provision) that reads or writes.
export type Phase = 'config' | 'login' | 'list' | 'read' | 'write';

// What happened, as data; reasonOf() below is the one place that puts it into words.
export type Happened =
  | { kind: 'misconfigured'; reason: string }
  | { kind: 'no-answer-in-time'; seconds: string }
  | { kind: 'no-answer-after-tries'; tries: number }
  | { kind: 'reply-too-slow'; megabytes: number; seconds: string } // the answer came, too large to read in time
  | { kind: 'reply-too-large'; megabytes: number } // more than a run reads at all
  | { kind: 'reply-unread-here'; megabytes: number } // the thread reading it failed here
  | { kind: 'unreachable'; network: string | undefined } // a Node or undici error code
  | { kind: 'kept-failing'; once?: true } // 5xx or 429 on every try; `once`: a write, which is tried only once
  | { kind: 'rate-limited'; retryAfterSeconds: number; deadline: string; left?: string } // asked to wait past the deadline (`left`: what remained of it, when the wait was shorter than the whole)
  | { kind: 'credentials-refused'; said: string }
  | { kind: 'id-token-refused'; said: string } // the CI runner would not give an ID token to log in with
  | { kind: 'token-refused' }
  | { kind: 'server-said'; said: string } // an answer that is no success and no known case
  | { kind: 'malformed'; detail: string }
  | { kind: 'no-secrets-route' }
  | { kind: 'proxy-refused' }; // the proxy answered for itself (407, or a tunnel it would not open)

export interface InfisicalErrorFields {
  code: InfisicalCode;
  host: string | undefined; // scheme, host and port only; undefined when the address itself is wrong
  phase: Phase;
  happened: Happened;
  status?: number; // the last HTTP status, when there was one
  folder?: string;
  proxy?: string; // the proxy the request went through: scheme, host and port only
}

const unreachableBecause = (network: string | undefined): string => {
  const tls = describeTlsFailure(network);
  return tls === undefined ? ` (${network ?? 'network error'})` : `: ${tls}`;
};

// The words for one failure, without the folder: many folders failing for one reason share them.
// They name the host, never a credential, token or value (server text arrives redacted).
export const reasonOf = ({ host, phase, happened, status, proxy }: Omit<InfisicalErrorFields, 'code' | 'folder'>): string => {
  const at = phase === 'login' ? ' at login' : '';
  const via = proxy === undefined ? '' : ` through the proxy ${proxy}`;
  switch (happened.kind) {
    case 'misconfigured':
      return happened.reason;
    case 'no-answer-in-time':
      return `no answer from ${host} within ${happened.seconds}${at}`;
    case 'reply-too-large':
      return `the answers from ${host}${at} are larger than ${happened.megabytes} MB, more than a run reads at once`;
    case 'reply-unread-here':
      return `the answer from ${host} (${happened.megabytes} MB) could not be read on this machine (its reading thread failed)`;
    case 'reply-too-slow':
      return `the answer from ${host} (${happened.megabytes} MB) could not be read within ${happened.seconds}`;
    case 'no-answer-after-tries':
      return `no answer from ${host} after ${happened.tries} ${happened.tries === 1 ? 'try' : 'tries'}${at}`;
    case 'unreachable':
      return `cannot reach ${host}${via}${unreachableBecause(happened.network)}${at}`;
    case 'kept-failing':
      if (!happened.once) return `${host} kept failing${at}${via} (HTTP ${status})`;
      // A write was sent once: a 429 refused it, any other answer may have come after it was made.
      return status === 429
        ? `rate-limited by ${host}${at}${via} (HTTP 429); a write is tried only once`
        : `${host} failed${at}${via} (HTTP ${status}); a write is tried only once, as it may have been made`;
    case 'proxy-refused':
      return `the proxy ${proxy} refused to carry the request to ${host}${at} (HTTP ${status}${status === 407 ? ': it wants credentials, user:password@ in its URL' : ''})`;
    case 'rate-limited':
      return happened.left === undefined
        ? `rate-limited by ${host}${at} (HTTP ${status}): retry after ${happened.retryAfterSeconds} s, past the ${happened.deadline} deadline`
        : `rate-limited by ${host}${at} (HTTP ${status}): retry after ${happened.retryAfterSeconds} s, more than the ${happened.left} left of the ${happened.deadline} deadline`;
    case 'credentials-refused':
      return `${host} refused the credentials (${happened.said})`;
    case 'id-token-refused':
      return `${host} would not give a GitHub Actions ID token (${happened.said}); the job needs \`permissions: id-token: write\``;
    case 'token-refused':
      return `${host} refused the access token (HTTP ${status})`;
    case 'server-said':
      return `${host}${at}: ${happened.said}`;
    case 'malformed':
      return `${host} sent a malformed${phase === 'login' ? ' login' : ''} response (${happened.detail})`;
    case 'no-secrets-route':
      return `${host} has neither the v4 nor the v3 secrets route`;
  }
};

// Every failure of the Infisical client. In lenient mode it becomes a warning, under --require an
// error; either way its words come from reasonOf().
export class InfisicalError extends SecretsRunError {
  readonly host: string | undefined;
  readonly phase: Phase;
  readonly happened: Happened;
  readonly status: number | undefined;
  readonly folder: string | undefined;
  readonly proxy: string | undefined;
  readonly reason: string;

  constructor(fields: InfisicalErrorFields) {
    const reason = reasonOf(fields);
    super(fields.code, fields.folder === undefined ? reason : `${reason} (listing ${fields.folder})`);
    this.host = fields.host;
    this.phase = fields.phase;
    this.happened = fields.happened;
    this.status = fields.status;
    this.folder = fields.folder;
    this.proxy = fields.proxy;
    this.reason = reason;
  }

  // The same failure, met while listing a folder.
  inFolder(folder: string): InfisicalError {
    const { code, host, phase, happened, status, proxy } = this;
    return new InfisicalError({ code: code as InfisicalCode, host, phase, happened, status, folder, proxy });
  }
}
Object.defineProperty(InfisicalError.prototype, 'name', { value: 'InfisicalError', enumerable: false });

// By its fields, not instanceof: each lazily loaded bundle carries its own copy of the class.
export const isInfisicalError = (value: unknown): value is InfisicalError =>
  isSecretsRunError(value) && value.code.startsWith('INFISICAL_') && 'phase' in value;
