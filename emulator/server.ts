// The emulator's HTTP server: request lifecycle (stats, latency, faults, dispatch) and a close()
// that destroys every socket, including hung ones, so a test can never wait on the emulator.
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Emulator, EmulatorOptions, Faults, Stats } from './types.js';
import type { Ctx } from './http.js';
import { readJsonBody, sendError, sendRaw } from './http.js';
import type { Deps } from './deps.js';
import { HttpError, apiError, newReqId } from './errors.js';
import { FaultState } from './faults.js';
import type { RequestInfo } from './faults.js';
import { legacyError } from './legacy.js';
import { StatsRecorder } from './stats.js';
import { TokenStore } from './tokens.js';
import { loadSeed } from './seed.js';
import { resolveRoute } from './router.js';
import type { Route } from './router.js';
import { handleControl } from './routes-control.js';
import { Issuer } from './issuer.js';
import { ISSUER_PREFIX, handleIssuer } from './routes-issuer.js';
import { GITHUB_PATH, handleGithub, newRequestToken } from './routes-github.js';

export type { Emulator, EmulatorOptions, Faults, Seed, Stats } from './types.js';

const TRUNCATED_BODY = '{"secrets":[{"secretKey":"TRUNCATED","secretValue":"';

function stripTrailingSlashes(path: string): string {
  const out = path.replace(/\/+$/, '');
  return out.length === 0 ? '/' : out;
}

function wrongShape(route: Route): string {
  return route.kind === 'login' ? '{"accessToken":null,"expiresIn":"soon"}' : '{"secrets":"nope"}';
}

/** The socket's address keys the per-IP limits; an IPv4 client of a dual-stack socket is its IPv4 address. */
function clientIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function requestInfo(route: Route, req: IncomingMessage, faults: FaultState): RequestInfo {
  return {
    kind: route.kind,
    secretPath: route.kind === 'list' ? route.secretPath : undefined,
    exemptFromLimiter: route.exemptFromLimiter,
    limit: route.v4 && faults.legacy('noV4') ? undefined : route.limit,
    ip: clientIp(req),
  };
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const clock = options.clock ?? Date.now;
  const faults = new FaultState(clock);
  faults.set(options.faults ?? {});
  const issuer = new Issuer(clock);
  const githubRequestToken = newRequestToken();
  const stats = new StatsRecorder();
  const tokens = new TokenStore(clock);
  const store = loadSeed(options.seed);
  // A seeded admin token is a permanent identity token, as bootstrap's is.
  for (const identity of store.identities.values()) if (identity.adminToken !== undefined) tokens.grant(identity.adminToken, identity.id);
  const deps: Deps = { store, tokens, faults, issuer, now: clock, createdAt: new Date().toISOString(), countWrite: (kind) => stats.write(kind) };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const log = process.env.SECRETS_RUN_EMULATOR_LOG === '1';
  // A test's stand-in for another client acting between two requests of the one under test (races).
  let beforeRoute: ((name: string) => Promise<void> | void) | undefined;
  let closed = false;

  // Open connections are the server's sockets, not a counter: a count could not tell a socket the
  // client closed from one it left idle.
  const snapshot = (): Stats => ({ ...stats.snapshot(), openConnections: sockets.size });
  const control = {
    stats: snapshot,
    resetStats: () => stats.reset(),
    setFaults: (f: Faults) => faults.set(f),
    faults: () => faults.current(),
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  // Only method, path and status are ever logged: never query strings, bodies or headers.
  const logLine = (method: string, path: string, outcome: string | number) => {
    if (log) process.stderr.write(`[emulator] ${method} ${path} ${outcome}\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://emulator.invalid');
    const method = req.method ?? 'GET';
    const path = stripTrailingSlashes(url.pathname);
    const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
    // Not Infisical's routes: the control API, the test issuer and the GitHub stand-in skip faults and latency.
    const side = under('/__emulator') ? 'control' : under(ISSUER_PREFIX) ? 'issuer' : path === GITHUB_PATH ? 'github' : undefined;
    const route = side ? undefined : resolveRoute(method, path, url.searchParams);
    if (route) {
      const done = stats.begin({ login: route.login, list: route.list, secretPath: route.secretPath, recursive: route.recursive });
      res.on('close', done);
    }
    const ctx: Ctx = {
      req,
      res,
      method,
      path,
      rawUrl,
      query: url.searchParams,
      reqId: newReqId(),
      extraHeaders: {},
      onSent: (status) => {
        if (route) {
          stats.status(status);
          stats.request(method, route.name ?? route.kind, status);
        }
        logLine(method, path, status);
      },
    };
    // Every error reply of the API goes out here, as the older server would say it when legacy knobs are on.
    const fail = (err: HttpError): void => sendError(ctx, route ? legacyError(err, (knob) => faults.legacy(knob)) : err);
    try {
      if (side === 'issuer') return await handleIssuer(ctx, issuer);
      if (side === 'github') return handleGithub(ctx, issuer, githubRequestToken, (audience) => stats.githubToken(audience));
      if (!route) return await handleControl(ctx, control);
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      if (closed) return;
      const action = faults.decide(requestInfo(route, req, faults), ctx.reqId, ctx.extraHeaders);
      switch (action.type) {
        case 'error':
          return fail(action.error);
        case 'hang':
          return logLine(method, path, 'hang');
        case 'drop':
          logLine(method, path, 'dropped');
          req.socket.destroy();
          return;
        case 'malformed':
          return sendRaw(ctx, 200, TRUNCATED_BODY);
        case 'wrongShape':
          return sendRaw(ctx, 200, wrongShape(route));
        case 'echo': {
          // What a careless server or proxy does: the request, credentials and all, in the error.
          const body = JSON.stringify((await readJsonBody(ctx)) ?? null);
          const message = `could not handle ${method} ${path} (authorization: ${req.headers.authorization ?? 'none'}, body: ${body})`;
          return fail(apiError(ctx.reqId, 400, 'BadRequest', message));
        }
        case 'none':
          if (beforeRoute !== undefined) await beforeRoute(route.name ?? 'unknown');
          return await route.handle(ctx, deps);
      }
    } catch (err) {
      if (err instanceof HttpError) return fail(err);
      fail(apiError(ctx.reqId, 500, 'InternalServerError', 'Something went wrong'));
      if (log) process.stderr.write(`[emulator] internal error: ${(err as Error).message}\n`);
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => void handle(req, res);
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createServer(listener);
  // Infisical runs on Fastify, which keeps an idle connection 72 s (Node's own default is 5 s): a
  // client that leaves connections open shows here as it would against the real server.
  server.keepAliveTimeout = 72_000;
  // Over https too these are the TCP connections, TLS handshake or not.
  server.on('connection', (socket: Socket) => {
    stats.connection();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const baseUrl = `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`;
  issuer.setBaseUrl(baseUrl);

  return {
    url: baseUrl,
    issuer: issuer.url,
    issueJwt: (claims, opts) => issuer.issue(claims, opts),
    issueServiceAccountToken: (request) => issuer.serviceAccountToken(request),
    github: { requestUrl: `${baseUrl}${GITHUB_PATH}?api-version=2.0`, requestToken: githubRequestToken },
    setFaults: (f) => faults.set(f),
    beforeRoute: (hook) => void (beforeRoute = hook),
    stats: snapshot,
    resetStats: () => stats.reset(),
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const finished = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      return finished;
    },
  };
}
