// INFISICAL_ADDR (or INFISICAL_API_URL) as a URL. The CLI convention allows a trailing /api; routes
// here carry their own /api prefix, so it is dropped. Never echo the value: it may hold userinfo.
export const parseBaseUrl = (value: string): URL | undefined => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  url.search = '';
  url.hash = '';
  return url;
};

// What messages may show of the server: scheme, host and port, never a user or password.
export const displayHost = (url: URL): string => url.origin;
