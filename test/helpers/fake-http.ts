import type { HttpReply } from '../../src/infisical/transport/classify.js';
import { isInfisicalError, type InfisicalError } from '../../src/infisical/errors.js';
import { NetworkError, type HttpClient, type HttpRequest } from '../../src/infisical/transport/http.js';

// A scripted server for the client's unit tests: each request gets the next answer its route has.
export type Answer = HttpReply | NetworkError | ((req: HttpRequest) => HttpReply | NetworkError | Promise<HttpReply | NetworkError>);

export const json = (status: number, body: unknown, headers: HttpReply['headers'] = {}): HttpReply => ({ status, headers, body: JSON.stringify(body) });
export const unknownRoute = (path: string): HttpReply => json(404, { message: `Route GET:${path} not found`, error: 'Not Found' });
export const listed = (secrets: Record<string, string>): HttpReply =>
  json(200, { secrets: Object.entries(secrets).map(([secretKey, secretValue]) => ({ secretKey, secretValue, type: 'shared' })), imports: [] });

export interface FakeHttp extends HttpClient {
  seen: { method: string; path: string; token?: string }[];
  warmed: number;
  closed: boolean;
}

// routes: the first matching prefix of the request's path (without its query) answers.
export const fakeHttp = (routes: Record<string, Answer[]>): FakeHttp => {
  const fake: FakeHttp = {
    seen: [],
    warmed: 0,
    closed: false,
    get count() {
      return fake.seen.length;
    },
    async request(req) {
      fake.seen.push({ method: req.method, path: req.path, token: req.token });
      const route = Object.keys(routes).find((prefix) => req.path.split('?')[0] === prefix);
      const answers = route === undefined ? undefined : routes[route];
      if (answers === undefined || answers.length === 0) throw new Error(`no answer scripted for ${req.method} ${req.path}`);
      const next = answers.length > 1 ? answers.shift()! : answers[0]!;
      const answer = typeof next === 'function' ? await next(req) : next;
      if (answer instanceof NetworkError) throw answer;
      return answer;
    },
    warm() {
      fake.warmed++;
    },
    close() {
      fake.closed = true;
    },
  };
  return fake;
};

// The InfisicalError a promise rejects with; anything else fails the test.
export const infisicalFailure = async (promise: Promise<unknown>): Promise<InfisicalError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isInfisicalError(error)) throw new Error(`expected an InfisicalError, got ${String(error)}`);
  return error;
};
