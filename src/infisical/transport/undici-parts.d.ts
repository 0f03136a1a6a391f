// undici's own modules, imported one by one so the fetch chunk carries the proxy agent but not fetch,
// WebSocket, the cache or the mocks (undici's index loads them all, and Node's internal undici copy
// with them: 165 ms against 60 ms on this machine). Only a run through a proxy loads them.
declare module 'undici/lib/dispatcher/proxy-agent' {
  import { ProxyAgent } from 'undici';
  export = ProxyAgent;
}
declare module 'undici/lib/dispatcher/dispatcher';
declare module 'undici/lib/api/api-connect';
