// Every emulator fault knob as a table row, shared by the fault tests and the canary test, so a new
// knob added here is exercised by both (lenient, strict, and "prints no secret").
import type { Faults } from '../../emulator/types.js';

export interface FaultCase {
  name: string;
  faults: Faults;
  args?: string[]; // e.g. a short --timeout for faults that only end at the deadline
  // Credentials other than the seed's own identity: a valid identity outside the project, or an
  // INFISICAL_TOKEN the server refuses (with no client credentials to fall back on).
  identity?: 'outsider' | 'refused-token';
  problem: RegExp; // what the lenient warning and the strict error say
}

const HOST = String.raw`http:\/\/127\.0\.0\.1:\d+`;

export const FAULT_CASES: readonly FaultCase[] = [
  { name: 'latency past the deadline', faults: { latencyMs: 5000 }, args: ['--timeout', '1'], problem: new RegExp(`no answer from ${HOST} within 1 s`) },
  { name: '5xx on every request', faults: { status5xx: {} }, problem: /kept failing at login \(HTTP 503\)/ },
  { name: '5xx on every list', faults: { status5xx: { route: 'list', status: 500 } }, problem: /kept failing \(HTTP 500\)/ },
  {
    name: '429 with retry-after',
    faults: { rateLimit429: { retryAfterSeconds: 1 } },
    args: ['--timeout', '2'],
    // Asked to wait 1 s when less than that is left of the 2 s: said with what was left.
    problem: /rate-limited by \S+ at login \(HTTP 429\): retry after 1 s, more than the 0\.\d s left of the 2 s deadline/,
  },
  { name: 'hang', faults: { hang: {} }, args: ['--timeout', '1'], problem: new RegExp(`no answer from ${HOST} within 1 s at login`) },
  { name: 'hang on lists', faults: { hang: { route: 'list' } }, args: ['--timeout', '1'], problem: new RegExp(`no answer from ${HOST} within 1 s`) },
  { name: 'malformed login body', faults: { malformedBody: { route: 'login' } }, problem: /malformed login response \(the login body is not JSON\)/ },
  { name: 'malformed list body', faults: { malformedBody: { route: 'list' } }, problem: /malformed response \(the body is not JSON\)/ },
  { name: 'wrong login shape', faults: { wrongShape: { route: 'login' } }, problem: /malformed login response \(the login body has no accessToken\)/ },
  { name: 'wrong list shape', faults: { wrongShape: { route: 'list' } }, problem: /malformed response \(secrets is not a list\)/ },
  { name: 'dropped connection', faults: { dropConnection: {} }, args: ['--timeout', '2'], problem: new RegExp(`cannot reach ${HOST}|no answer from ${HOST}`) },
  {
    name: 'dropped list connections',
    faults: { dropConnection: { route: 'list' } },
    args: ['--timeout', '2'],
    problem: new RegExp(`cannot reach ${HOST}|no answer from ${HOST}`),
  },
  // A server or proxy that repeats the request in its error: the credentials come back [redacted].
  {
    name: 'a login error that echoes the request',
    faults: { echoRequest: { route: 'login' } },
    problem:
      /refused the credentials \(HTTP 400: BadRequest: could not handle POST \S+ \(authorization: none, body: \{"clientId":"[^"]*","clientSecret":"\[redacted\]"\}\)\)/,
  },
  {
    name: 'a list error that echoes the request',
    faults: { echoRequest: { route: 'list' } },
    problem: /HTTP 400: BadRequest: could not handle GET \S+ \(authorization: Bearer \[redacted\], body: null\)/,
  },
  { name: 'wrong credentials', faults: { wrongCredentials: true }, problem: /refused the credentials \(HTTP 401: UnauthorizedError: Invalid credentials\)/ },
  { name: 'identity not in the project (403)', faults: {}, identity: 'outsider', problem: /HTTP 403: Identity is not a member of the specified project/ },
  { name: 'a refused INFISICAL_TOKEN', faults: {}, identity: 'refused-token', problem: /refused the access token \(HTTP 403\)/ },
];
