// /_emulator/* routes: the test issuer's discovery document and JWKS (what an OIDC provider
// publishes), and control routes that mint tokens for scripts driving a separate emulator process.
// Like /__emulator/*, they bypass faults, latency and stats.
import type { Ctx } from './http.js';
import { readJsonBody, sendJson } from './http.js';
import { HttpError, routeNotFound } from './errors.js';
import type { Issuer } from './issuer.js';
import { OIDC_PATH } from './issuer.js';
import type { JwtRequest, ServiceAccountRequest } from './types.js';

export const ISSUER_PREFIX = '/_emulator';

const badRequest = (message: string) => new HttpError(400, { statusCode: 400, error: 'BadRequest', message });

function jwtRequest(body: unknown): JwtRequest {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body must be a JSON object of claims');
  const req = body as JwtRequest;
  if (req.expiresInSeconds !== undefined && typeof req.expiresInSeconds !== 'number') throw badRequest('expiresInSeconds must be a number');
  return req;
}

function serviceAccountRequest(body: unknown): ServiceAccountRequest {
  const req = (typeof body === 'object' && body !== null ? body : {}) as Partial<ServiceAccountRequest>;
  if (typeof req.namespace !== 'string' || typeof req.name !== 'string') throw badRequest('namespace and name must be strings');
  if (req.expiresInSeconds !== undefined && typeof req.expiresInSeconds !== 'number') throw badRequest('expiresInSeconds must be a number');
  return req as ServiceAccountRequest;
}

export async function handleIssuer(ctx: Ctx, issuer: Issuer): Promise<void> {
  switch (`${ctx.method} ${ctx.path}`) {
    case `GET ${OIDC_PATH}/.well-known/openid-configuration`:
      return sendJson(ctx, 200, issuer.discovery());
    case `GET ${OIDC_PATH}/jwks`:
      return sendJson(ctx, 200, issuer.jwks());
    case `POST ${OIDC_PATH}/token`:
      return sendJson(ctx, 200, { token: issuer.issue(jwtRequest(await readJsonBody(ctx))) });
    case `POST ${ISSUER_PREFIX}/kubernetes/token`:
      return sendJson(ctx, 200, { token: issuer.serviceAccountToken(serviceAccountRequest(await readJsonBody(ctx))) });
    default:
      throw routeNotFound(ctx.method, ctx.rawUrl);
  }
}
