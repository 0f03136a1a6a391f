// --mask on Linux gives the command a connection secrets-run made itself (own-output-socket.ts). Any
// process may connect to its abstract name while it listens: only the connection that sends the
// nonce becomes the command's output, and what the command writes reaches secrets-run alone.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectOwnOutput, type ConnectFn } from '../../../src/launch/own-output-socket.js';

const reader = () => {
  const got: Buffer[] = [];
  return {
    got,
    onread: { buffer: Buffer.alloc(1024), callback: (n: number, buf: Uint8Array) => void got.push(Buffer.from(buf.subarray(0, n))) as unknown as boolean },
  };
};

const closed = (socket: net.Socket): Promise<void> => new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

describe.runIf(process.platform === 'linux')('the connection given to the command under --mask', () => {
  // Each intruder connects before ours does, so it is accepted first.
  for (const [name, greeting] of [
    ['says nothing', undefined],
    ['sends a wrong nonce', Buffer.alloc(16, 1)],
    ['sends more than a nonce', Buffer.alloc(64, 2)],
  ] as const) {
    it(`is ours, not an intruder's that connected first and ${name}`, async () => {
      const intruders: net.Socket[] = [];
      const intruderGot: Buffer[] = [];
      const connectAfterIntruder: ConnectFn = (path, onread) => {
        const intruder = net.connect({ path });
        intruder.on('error', () => undefined);
        intruder.on('data', (data: Buffer) => intruderGot.push(data));
        if (greeting !== undefined) intruder.write(greeting);
        intruders.push(intruder);
        return net.connect({ path, onread });
      };
      const ours = reader();
      const { childEnd, ours: ourSocket } = await connectOwnOutput(ours.onread, connectAfterIntruder);
      childEnd.write('what the command prints');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(Buffer.concat(ours.got).toString()).toBe('what the command prints');
      expect(intruderGot).toEqual([]);
      // One that sent something else is closed at once; one that says nothing once ours is chosen.
      await closed(intruders[0]!);
      childEnd.destroy();
      ourSocket.destroy();
      intruders.forEach((s) => s.destroy());
    });
  }

  // Abstract names are listed in /proc/net/unix and have no permissions: any process, of any user, may
  // connect while we listen. One that connects and then says nothing (or not all of a nonce) must not
  // stay open in our process: it would keep secrets-run's event loop alive after the command exits.
  for (const [name, greeting] of [
    ['says nothing', undefined],
    ['sends part of a nonce', Buffer.alloc(15, 3)],
  ] as const)
    it(`closes an intruder that ${name} once the command's end is chosen`, async () => {
      let intruder: net.Socket | undefined;
      const connectAfterIntruder: ConnectFn = (path, onread) => {
        intruder = net.connect({ path });
        intruder.on('error', () => undefined);
        intruder.resume();
        if (greeting !== undefined) intruder.write(greeting);
        return net.connect({ path, onread });
      };
      const { childEnd, ours } = await connectOwnOutput(reader().onread, connectAfterIntruder);
      childEnd.destroy();
      ours.destroy();
      // Closed from our side: the intruder sees its connection end (the test times out otherwise).
      await closed(intruder!);
    }, 5_000);

  it('refuses any connection once the command has its end', async () => {
    let path = '';
    const remember: ConnectFn = (at, onread) => ((path = at), net.connect({ path: at, onread }));
    const { childEnd, ours } = await connectOwnOutput(reader().onread, remember);
    const late = net.connect({ path });
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => late.once('error', resolve));
    expect(error.code).toBe('ECONNREFUSED');
    childEnd.destroy();
    ours.destroy();
  });
});
