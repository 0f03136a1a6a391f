// The older (Oct-2024) server's behaviours (docs/emulator.md, Faults: legacy). Each is a knob of its
// own, so a client's handling of one can be tested alone; `--legacy` turns them all on. The two that
// change every error reply are applied here, where the reply is sent, not in each route.
import type { Legacy } from './types.js';
import { HttpError } from './errors.js';

export type LegacyKnob = keyof Legacy;

export const LEGACY_KNOBS: readonly LegacyKnob[] = [
  'noV4',
  'missingFolderEmpty200',
  'unknownClientId404',
  'rateLimit500',
  'noReqId',
  'validation401',
  'unknownProject404',
  'noImportsKey',
  'recursiveMissingEnv500',
  'noBootstrap',
  'existingFolder200',
  'secretAlreadyExist',
];

export function allLegacy(): Legacy {
  return Object.fromEntries(LEGACY_KNOBS.map((k) => [k, true])) as Legacy;
}

/**
 * An error reply as the older server sent it: a Zod failure was a 401 (its error handler mapped
 * ZodError to Unauthorized, body `{statusCode, error, message}` in that order), and no body had a reqId.
 */
export function legacyError(err: HttpError, legacy: (knob: LegacyKnob) => boolean): HttpError {
  let { status, body } = err;
  if (legacy('validation401') && status === 422 && body.error === 'ValidationFailure') {
    status = 401;
    body = { reqId: body.reqId, statusCode: 401, error: 'ValidationFailure', message: body.message };
  }
  if (legacy('noReqId') && 'reqId' in body) {
    const { reqId: _reqId, ...rest } = body;
    body = rest;
  }
  return body === err.body ? err : new HttpError(status, body, err.headers);
}
