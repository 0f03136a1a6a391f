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

  it('a body that is not JSON is refused as it arrives', () => {
    expect(() => openHere('{')).toThrow('the body is not JSON');
  });

  it('a large body is not parsed once the deadline has passed', async () => {
    await expect(openOffThread(Buffer.from(body), AbortSignal.abort())).rejects.toBeInstanceOf(ReadTooSlow);
    const opened = await openOffThread(Buffer.from(body), new AbortController().signal);
    expect((await opened.take({ kind: 'folder', keys: new Set(['B']) })).values.get('B')).toBe('b');
  });
});
