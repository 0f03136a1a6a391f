// undici's own modules, imported one by one so the fetch chunk carries the keep-alive Agent and the
// request API but not fetch, WebSocket, the cache or the mocks (undici's index loads them all, and
// Node's internal undici copy with them: 165 ms against 60 ms on this machine).
declare module 'undici/lib/dispatcher/agent' {
  import { Agent } from 'undici';
  export = Agent;
}
declare module 'undici/lib/api/api-request' {
  import type { Dispatcher } from 'undici';
  function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  export = request;
}
