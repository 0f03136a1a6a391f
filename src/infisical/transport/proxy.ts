// HTTPS_PROXY, HTTP_PROXY and NO_PROXY as curl and Infisical's CLI read them: the lower-case name
// first, an empty value unset. Read from the inherited environment only, like SECRETS_RUN_*.

export interface ProxyVariable {
  value: string;
  name: string; // as it was set: https_proxy or HTTPS_PROXY
}

export interface ProxySettings {
  httpProxy?: ProxyVariable;
  httpsProxy?: ProxyVariable;
  noProxy?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const read = (env: Env, name: string): ProxyVariable | undefined => {
  for (const candidate of [name, name.toUpperCase()]) {
    const value = env[candidate]?.trim();
    if (value !== undefined && value !== '') return { value, name: candidate };
  }
  return undefined;
};

export const proxyFromEnv = (env: Env): ProxySettings | undefined => {
  const httpProxy = read(env, 'http_proxy');
  const httpsProxy = read(env, 'https_proxy');
  if (httpProxy === undefined && httpsProxy === undefined) return undefined;
  return { httpProxy, httpsProxy, noProxy: read(env, 'no_proxy')?.value };
};

// NO_PROXY entries: `*`, or host names (a leading dot or none: the host and its subdomains) and
// addresses, each with an optional :port, separated by commas or spaces.
const bypassed = (url: URL, noProxy: string | undefined): boolean => {
  if (noProxy === undefined) return false;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true;
      // [::1]:8443, or a bare IPv6 address (more than one colon), or name:port, or a name.
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
      const parts = entry.split(':');
      const [raw, entryPort] = bracketed !== null ? [bracketed[1]!, bracketed[2]] : parts.length > 2 ? [entry, undefined] : [parts[0]!, parts[1]];
      const name = raw.toLowerCase().replace(/^\*?\./, '');
      if (entryPort !== undefined && entryPort !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
};

// The proxy a request to `base` goes through, if any: HTTPS_PROXY for https (else HTTP_PROXY), as
// curl does; a scheme left out means http://. A value that is no http(s) URL is a problem, said
// without showing it (it may hold a password).
export const proxyFor = (base: URL, settings: ProxySettings | undefined): { url: URL } | { problem: string } | undefined => {
  if (settings === undefined || bypassed(base, settings.noProxy)) return undefined;
  const chosen = base.protocol === 'https:' ? (settings.httpsProxy ?? settings.httpProxy) : settings.httpProxy;
  if (chosen === undefined) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(chosen.value) ? chosen.value : `http://${chosen.value}`);
    if (url.protocol === 'http:' || url.protocol === 'https:') return { url };
  } catch {
    // said below
  }
  return { problem: `${chosen.name} is not an http(s) URL` };
};
