import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { BodyBudget } from './body-budget.js';
import type { HttpReply } from './classify.js';
import { IDLE_CLOSE_MS, type HttpRequest, type Target, type Transport } from './http-types.js';
import { ReplyCollector } from './reply-collector.js';
import { createWarmConnector, type ConnectOptions } from './warm-connector.js';

type HttpModule = Pick<typeof import('node:http'), 'Agent' | 'request'>;

// The largest status line and headers a reply may have: Node's default, said here so it never
// depends on a --max-http-header-size the user's NODE_OPTIONS may give.
const MAX_HEADER_BYTES = 16 * 1024;

const send = (http: HttpModule, agent: Agent, base: URL, target: Target, req: HttpRequest, budget: BodyBudget): Promise<HttpReply> =>
  new Promise<HttpReply>((resolve, reject) => {
    // Stopped before it is made (the run's deadline has passed), there is no request to destroy yet.
    const made: { outgoing?: ClientRequest } = {};
    const reply = new ReplyCollector(req, budget, resolve, reject, () => made.outgoing?.destroy());
    if (reply.settled) return;
    const headers = target.body === undefined ? target.headers : { ...target.headers, 'content-length': String(Buffer.byteLength(target.body)) };
    const options: RequestOptions = {
      agent,
      protocol: base.protocol,
      hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: base.port || undefined,
      method: req.method,
      path: target.path,
      headers,
      maxHeaderSize: MAX_HEADER_BYTES,
    };
    const outgoing = (made.outgoing = http.request(options, (res: IncomingMessage) => {
      reply.answering(res.statusCode ?? 0, res.headers);
      res.on('data', (chunk: Buffer) => {
        reply.data(chunk);
      });
      res.on('end', () => reply.end());
      // The connection ended before the body did: Node says 'aborted' (ECONNRESET), as a reset.
      res.on('error', (error) => reply.failed(error));
      res.on('close', () => {
        if (!res.complete) reply.failed(Object.assign(new Error('the reply ended early'), { code: 'ECONNRESET' }));
      });
    }));
    // Refused, reset, timed out by the system, a reply that is not HTTP (HPE_*), a TLS failure.
    outgoing.on('error', (error) => reply.failed(error));
    outgoing.end(target.body);
  });

// Node's own http or https, with one keep-alive Agent for the run: its parser is native, so nothing
// is compiled at start-up (undici's is WebAssembly), and node:https (with node:tls) is loaded only
// for an https server. Idle connections are unref'd by the Agent, and closed ahead of the server's
// Keep-Alive timeout.
export const createNodeClient = (base: URL, connections: number, budget: BodyBudget): Transport => {
  // node:https loads node:tls (4 to 5 ms): only for an https server.
  const http = (base.protocol === 'https:' ? require('node:https') : require('node:http')) as HttpModule;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections, timeout: 10_000 });
  // The Agent's own connect (https: tls.connect, with its TLS session cache), behind the connections
  // opened ahead of need.
  // A spare is opened with the options the Agent would give it, its key for the session cache too.
  const own = agent.createConnection.bind(agent) as (options: ConnectOptions & { _agentKey?: string }) => Socket;
  const warm = createWarmConnector(base, (options) => {
    const full = { ...(agent as { options?: object }).options, ...options };
    return own({ ...full, _agentKey: (options as { _agentKey?: string })._agentKey ?? agent.getName(full) });
  });
  agent.createConnection = (options, callback) => warm.connect(options as ConnectOptions, callback as (error: Error | null, socket: Socket) => void);
  return {
    send: (target, req) => send(http, agent, base, target, req, budget),
    warm: warm.warm,
    close() {
      // Connections opened ahead and never used, or still connecting: none may hold the process open.
      warm.close();
      // The agent's connections are idle by now and unref'd (http-types.ts, IDLE_CLOSE_MS).
      setTimeout(() => agent.destroy(), IDLE_CLOSE_MS).unref();
    },
  };
};
