import type { AuthChoice } from './auth/choose-method.js';
import { InfisicalClient, type ClientDeps } from './client.js';
import { misconfigured } from './config-failures.js';
import type { InfisicalError } from './errors.js';
import type { CallReply } from './routes/call-reply.js';
import { proxyFor, proxyFromEnv } from './transport/proxy.js';

// A client of the admin commands that remembers the route of its last request, so a failed step can
// name it (`POST /api/v1/folders`): the path without its query, never a body.
export class RouteTrackingClient extends InfisicalClient {
  lastRoute = '';

  override call(request: Parameters<InfisicalClient['call']>[0], options: Parameters<InfisicalClient['call']>[1]): Promise<CallReply> {
    this.lastRoute = `${request.method} ${request.path.split('?')[0]}`;
    return super.call(request, options);
  }
}

// Clients for one server, each with its own login (the admin token, or an identity's Universal Auth
// credentials), through the proxy the environment names, as a run's client would go.
export const adminClients = (
  base: URL,
  inherited: Readonly<Record<string, string | undefined>>,
  deps: ClientDeps = {},
): { connect(choice: AuthChoice): RouteTrackingClient } | { failure: InfisicalError } => {
  const settings = proxyFromEnv(inherited);
  const proxy = proxyFor(base, settings);
  if (proxy !== undefined && 'problem' in proxy) return { failure: misconfigured(proxy.problem) };
  const proxyTo = (url: URL): URL | undefined => {
    const found = proxyFor(url, settings);
    return found !== undefined && 'url' in found ? found.url : undefined;
  };
  return { connect: (choice) => new RouteTrackingClient(base, choice, { proxyTo, ...deps, proxy: proxy?.url }) };
};
