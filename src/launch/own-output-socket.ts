import { randomBytes, timingSafeEqual } from 'node:crypto';
import net, { type OnReadOpts } from 'node:net';

// Under --mask the command's output crosses secrets-run. The socket pairs Node's spawn makes for it
// can only be read as a stream: a fresh buffer for every read and the stream's machinery around it.
// A connection secrets-run makes itself can be read with `onread` into buffers it hands back and
// reuses, which makes that extra hop much cheaper (the figures: docs/performance.md, bench/mask.mjs).
// The command is given the other end, as the pipe it would have had.
//
// Linux only: an abstract socket name leaves no file behind. Any process on the machine may connect
// to it, so the end the command gets is the connection that first sends a random nonce, which only
// ours knows; any other is closed.
export interface OwnOutputConnection {
  childEnd: net.Socket; // to be given to the command, and closed here once it has been
  ours: net.Socket; // read through `onread`
}

const NONCE_BYTES = 16;
const CONNECT_TIMEOUT_MS = 2000;

export const ownOutputSupported = (platform: NodeJS.Platform = process.platform): boolean => platform === 'linux';

export type ConnectFn = (path: string, onread: OnReadOpts) => net.Socket;
const connect: ConnectFn = (path, onread) => net.connect({ path, onread });

export const connectOwnOutput = (onread: OnReadOpts, connectTo: ConnectFn = connect): Promise<OwnOutputConnection> =>
  new Promise((resolve, reject) => {
    const nonce = randomBytes(NONCE_BYTES);
    const name = `\0secrets-run-${process.pid}-${randomBytes(8).toString('hex')}`;
    let ours: net.Socket | undefined;
    const server = net.createServer();
    // Every connection accepted and not yet judged. Once one is chosen (or none could be), the rest
    // are closed: closing the server does not close them, and one that never sends 16 bytes (anyone
    // may connect) would otherwise stay open here and keep secrets-run running after the command.
    const pending = new Set<net.Socket>();
    const settle = (): void => {
      clearTimeout(timer);
      server.close();
      for (const peer of pending) peer.destroy();
      pending.clear();
    };
    const fail = (error: Error): void => {
      settle();
      ours?.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error('own output socket: no connection')), CONNECT_TIMEOUT_MS);
    server.on('connection', (peer) => {
      if (!server.listening) return void peer.destroy(); // accepted as it was being closed
      let got = Buffer.alloc(0);
      pending.add(peer);
      peer.on('error', () => peer.destroy());
      peer.on('data', (data: Buffer) => {
        got = Buffer.concat([got, data]);
        if (got.length < NONCE_BYTES) return;
        peer.removeAllListeners('data');
        pending.delete(peer);
        if (got.length !== NONCE_BYTES || !timingSafeEqual(got, nonce) || ours === undefined) return void peer.destroy();
        peer.pause();
        settle();
        resolve({ childEnd: peer, ours });
      });
    });
    server.on('error', fail);
    server.listen(name, () => {
      ours = connectTo(name, onread);
      ours.on('error', fail);
      ours.once('connect', () => {
        // From here its errors are the reader's (mask-output.ts), which ends on them.
        ours?.removeListener('error', fail).on('error', () => undefined);
        ours?.write(nonce);
      });
    });
  });
