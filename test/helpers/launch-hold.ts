import { createServer, type Server, type Socket } from 'node:net';
import { afterEach } from 'vitest';

// An "Infisical" that accepts connections and never answers: it keeps the wrapper in its start-up
// (the fetch) for as long as a test needs, and tells the test when the wrapper got there.

export interface HoldServer {
  env: Record<string, string>;
  connected: Promise<void>;
}

// A contract that plans one key, so a run with Infisical configured fetches before it launches.
export const FETCHING_TREE = {
  'nodes/api/contract.yaml': 'name: e2e_node\ndependencies:\n  - {type: environment, env_var: API_SIGNING_KEY, required: true}\n',
};

const servers: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  while (servers.length > 0) {
    const { server, sockets } = servers.pop()!;
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

export const holdServer = async (): Promise<HoldServer> => {
  const sockets = new Set<Socket>();
  let onConnect!: () => void;
  const connected = new Promise<void>((resolve) => (onConnect = resolve));
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnect();
  });
  servers.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    connected,
    env: {
      INFISICAL_ADDR: `http://127.0.0.1:${port}`,
      INFISICAL_TOKEN: 'launch-test-token',
      INFISICAL_PROJECT_ID: 'launch-test-project',
      INFISICAL_ENVIRONMENT: 'dev',
    },
  };
};
