// undici's ProxyAgent for one run, built from undici's own files (undici-parts.d.ts): the whole of
// what the proxy transport's chunk (src/chunks/proxy-transport.ts) carries, so that every class a
// request's outcome is told apart by (NetworkError, in http-types.ts) stays in the fetch chunk.
export type ProxyDispatcher = Pick<import('undici/lib/dispatcher/proxy-agent'), 'dispatch' | 'destroy'>;

// An http:// server is asked through an http proxy with absolute URLs, as curl does; https:// through
// a CONNECT tunnel. maxHeaderSize given, so undici does not load node:http to read its default (the
// same 16 KiB).
export const createProxyAgent = (proxy: URL, connections: number): ProxyDispatcher => {
  /* eslint-disable @typescript-eslint/no-require-imports -- undici's own files, not its index */
  const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof import('undici/lib/dispatcher/proxy-agent');
  // The tunnel is opened with the dispatcher's connect(), which undici's index installs on every
  // dispatcher; undici is loaded here module by module, so it is installed here.
  const Dispatcher = require('undici/lib/dispatcher/dispatcher') as { prototype: { connect?: unknown } };
  Dispatcher.prototype.connect ??= require('undici/lib/api/api-connect');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new ProxyAgent({ uri: proxy.href, proxyTunnel: false, connections, keepAliveTimeout: 10_000, maxHeaderSize: 16 * 1024 });
};
