import { describe, expect, it } from 'vitest';
import { openHere, openOffThread, ReadTooSlow } from '../../../src/infisical/routes/open-listing.js';

// Run from source there is no built worker: openOffThread parses on this thread, with the same rules
// (the e2e test test/e2e/large-reply.test.ts runs the worker itself).
const body = JSON.stringify({
  secrets: [
    { secretKey: 'A', secretValue: 'a', secretPath: '/shared/db' },
    { secretKey: 'B', secretValue: 'b', secretPath: '/shared/db' },
  ],
});

describe('an open listing', () => {
  it('is parsed once, and only what a job asks for is taken from it', async () => {
    const opened = openHere(body);
    expect(Object.fromEntries((await opened.take({ kind: 'folder', keys: new Set(['A']) })).values)).toEqual({ A: 'a' });
    const tree = await opened.take({ kind: 'tree', wanted: new Map([['/shared/db/', new Set(['B'])]]) });
    expect(Object.fromEntries(tree.folders.get('/shared/db/')!.values)).toEqual({ B: 'b' });
  });

  it('a body of the wrong shape rejects the take (for the client to name), never throws from it', async () => {
    const opened = openHere(JSON.stringify({ secrets: 'nope' }));
    let taking: Promise<unknown> | undefined;
    expect(() => (taking = opened.take({ kind: 'folder', keys: new Set(['A']) }))).not.toThrow();
    await expect(taking).rejects.toThrow('secrets is not a list');
  });

  it('a body that is not JSON is refused as it arrives', () => {
    expect(() => openHere('{')).toThrow('the body is not JSON');
  });

  it('a large body is not parsed once the deadline has passed', async () => {
    await expect(openOffThread(Buffer.from(body), AbortSignal.abort())).rejects.toBeInstanceOf(ReadTooSlow);
    const opened = await openOffThread(Buffer.from(body), new AbortController().signal);
    expect((await opened.take({ kind: 'folder', keys: new Set(['B']) })).values.get('B')).toBe('b');
  });
});
