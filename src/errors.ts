// Every failure below the CLI layer is a SecretsRunError with a stable code; only
// src/cli prints it and turns it into an exit status.

export const EXIT_WRAPPER_FAILED = 125;
export const EXIT_NOT_EXECUTABLE = 126;
export const EXIT_NOT_FOUND = 127;

// Every code a user can meet; docs/errors.md says what each means and what to do about it.
export const ERROR_CODES = [
  'USAGE',
  'CONFIG_INVALID',
  'ENV_FILE_UNREADABLE',
  'STRICT_FAILED',
  'INFISICAL_CONFIG',
  'INFISICAL_AUTH_REFUSED',
  'INFISICAL_FORBIDDEN',
  'INFISICAL_UNREACHABLE',
  'INFISICAL_TIMEOUT',
  'INFISICAL_RATE_LIMITED',
  'INFISICAL_BAD_RESPONSE',
  'INFISICAL_HTTP',
  'COMMAND_NOT_FOUND',
  'COMMAND_NOT_EXECUTABLE',
  'SPAWN_FAILED',
  'ENVIRONMENT_TOO_LARGE',
  'PROVISION_CONFLICT',
  'FILE_WRITE_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

// A symbol brand, not instanceof: the lazily loaded bundles each carry their own copy of this class.
const BRAND = Symbol.for('secrets-run.error');

export interface ErrorOptions {
  exitCode?: number;
  hint?: string;
  details?: string[];
  cause?: unknown;
}

export class SecretsRunError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly details: string[];

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message);
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT_WRAPPER_FAILED;
    this.hint = options.hint;
    this.details = options.details ?? [];
    // The cause is kept off the enumerable fields so it never reaches a JSON dump by accident.
    if (options.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }
}
Object.defineProperty(SecretsRunError.prototype, 'name', { value: 'SecretsRunError', enumerable: false });

export const isSecretsRunError = (value: unknown): value is SecretsRunError =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;

export const usageError = (message: string, hint?: string): SecretsRunError =>
  new SecretsRunError('USAGE', message, { hint: hint ?? "see 'secrets-run --help'" });

export const configError = (message: string, hint?: string): SecretsRunError => new SecretsRunError('CONFIG_INVALID', message, { hint });

// The same error with the hint of a caller that knows the better next step.
export const withHint = (error: SecretsRunError, hint: string): SecretsRunError =>
  new SecretsRunError(error.code, error.message, { exitCode: error.exitCode, details: error.details, hint });
