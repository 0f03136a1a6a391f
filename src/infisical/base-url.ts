// Why a value cannot be the server's address, said without showing it (it may hold userinfo, or, when
// a quote in a .env file was left open, the lines after it).
export const baseUrlProblem = (value: string): string | undefined => {
  // The URL parser drops line breaks and tabs without a word: an address that spans lines is a .env
  // quoting mistake, and the swallowed lines would end up in the path, which servers echo.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return 'has a space, tab or line break in it';
  const encodeHint = "percent-encode '/', '?', '#' and '@' in a password";
  // The query and fragment are dropped before use: an '@' there is harmless.
  const beforeQuery = value.split(/[?#]/, 1)[0]!;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return beforeQuery.includes('@') ? `is not an http(s) URL (${encodeHint})` : 'is not an http(s) URL';
  }
  // The scheme, named: a typo (`htp:`) is then seen at once. Only the scheme: the rest may hold a password.
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `is not an http(s) URL: its scheme is '${url.protocol.slice(0, 12).replace(/[^a-z0-9+.-:]/gi, '?')}', not 'http:' or 'https:'`;
  // user:8080/ss@host parses as host "user", port 8080 and a path: the login would go to the wrong
  // host, and that host is what messages show.
  if (beforeQuery.includes('@') && url.username === '' && url.password === '') return `has an '@' outside a user:password@ part (${encodeHint})`;
  return undefined;
};

// INFISICAL_ADDR (or INFISICAL_API_URL) as a URL. The CLI convention allows a trailing /api; routes
// here carry their own /api prefix, so it is dropped. Never echo the value: it may hold userinfo.
export const parseBaseUrl = (value: string): URL | undefined => {
  if (baseUrlProblem(value) !== undefined) return undefined;
  const url = new URL(value);
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  url.search = '';
  url.hash = '';
  return url;
};

// What messages may show of the server: scheme, host and port, never a user or password.
export const displayHost = (url: URL): string => url.origin;
