import { describe, expect, it } from 'vitest';
import { mergeEnvFileLayers, uncarriableInLayers } from '../../../src/sources/env-files.js';
import { resolveFetchedKeys } from '../../../src/resolve/resolve-keys.js';
import { unpassableToReport } from '../../../src/merge/unpassable.js';
import type { PlannedKey } from '../../../src/plan/types.js';

// Values no environment can carry (a NUL character, or "NAME=value" over the kernel's 131072 bytes):
// passed over where they are read, and reported only when they would have reached the child.
const layer = (file: string, vars: Record<string, string>) => ({ file, vars });
const planned = (key: string, folders: string[]) => ({ key, folders }) as unknown as PlannedKey;
const folder = (values: Record<string, string>) => ({ values: new Map(Object.entries(values)), hidden: [] as string[] });
const fetched = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, { value: v, folder: '/shared/env/' }]));

describe('values no environment can carry', () => {
  it('among env files, an earlier file stands in, and only a value no later file replaced is named', () => {
    const layers = [layer('a.env', { FOO: 'good', BAR: 'bad\0' }), layer('b.env', { FOO: 'bad\0', BAR: 'fine' }), layer('c.env', { BAZ: '\0' })];
    expect(Object.fromEntries([...mergeEnvFileLayers(layers)].map(([k, v]) => [k, v.value]))).toEqual({ FOO: 'good', BAR: 'fine' });
    expect(uncarriableInLayers(layers)).toEqual([
      { key: 'FOO', from: 'b.env', reason: 'nul' },
      { key: 'BAZ', from: 'c.env', reason: 'nul' },
    ]);
  });

  it('a string of 131072 bytes with its NUL is carried, one byte more is not, counted in UTF-8 bytes', () => {
    // "BIG=" + value + NUL: 4 + n + 1 bytes.
    const fits = 'x'.repeat(131072 - 5);
    const layers = [layer('a.env', { BIG: 'small', EXACT: fits.slice(2) }), layer('b.env', { BIG: fits + 'x', WIDE: 'é'.repeat(65534) })];
    expect(Object.fromEntries([...mergeEnvFileLayers(layers)].map(([k, v]) => [k, v.value.length]))).toEqual({ BIG: 5, EXACT: fits.length - 2 });
    expect(uncarriableInLayers(layers)).toEqual([
      { key: 'BIG', from: 'b.env', reason: 'too-long', bytes: 131073 },
      { key: 'WIDE', from: 'b.env', reason: 'too-long', bytes: 131074 },
    ]);
    expect(uncarriableInLayers([layer('a.env', { BIG: fits })])).toEqual([]);
  });

  it('among folders, the next folder is asked, and the folder passed over is named', () => {
    const folders = new Map([
      ['/services/api/mcp/', folder({ MCP_SERVER_HOST: 'a\0b' })],
      ['/shared/mcp/', folder({ MCP_SERVER_HOST: 'shared-host' })],
    ]);
    const r = resolveFetchedKeys([planned('MCP_SERVER_HOST', ['/services/api/mcp/', '/shared/mcp/'])], folders);
    expect(r.fetched.get('MCP_SERVER_HOST')).toEqual({ value: 'shared-host', folder: '/shared/mcp/' });
    expect(r.unpassable).toEqual([{ key: 'MCP_SERVER_HOST', from: '/services/api/mcp/', reason: 'nul' }]);
    const big = new Map([...folders, ['/services/api/mcp/', folder({ MCP_SERVER_HOST: 'x'.repeat(200 * 1024) })]]);
    const b = resolveFetchedKeys([planned('MCP_SERVER_HOST', ['/services/api/mcp/', '/shared/mcp/'])], big);
    expect(b.fetched.get('MCP_SERVER_HOST')).toEqual({ value: 'shared-host', folder: '/shared/mcp/' });
    expect(b.unpassable).toEqual([{ key: 'MCP_SERVER_HOST', from: '/services/api/mcp/', reason: 'too-long', bytes: 200 * 1024 + 17 }]);
  });

  it('is reported only where it would have reached the child', () => {
    const base = { inherited: {}, fetched: fetched({}), fromInfisical: [], fromFiles: [], override: false, scrubBootstrap: false };
    const fromInfisical = [{ key: 'K', from: '/shared/env/', reason: 'nul' as const }];
    const fromFiles = [{ key: 'K', from: '.env', reason: 'too-long' as const, bytes: 200000 }];
    expect(unpassableToReport({ ...base, fromInfisical, fromFiles })).toEqual([...fromInfisical, ...fromFiles]);
    // The inherited environment beats both (Infisical too, without --override)...
    expect(unpassableToReport({ ...base, inherited: { K: 'env' }, fromInfisical, fromFiles })).toEqual([]);
    expect(unpassableToReport({ ...base, inherited: { K: 'env' }, fromInfisical, override: true })).toEqual(fromInfisical);
    // ...Infisical beats a file...
    expect(unpassableToReport({ ...base, fetched: fetched({ K: 'ok' }), fromFiles })).toEqual([]);
    // ...and --scrub-bootstrap removes the secret bootstrap variables anyway.
    const token = [{ key: 'INFISICAL_TOKEN', from: 'c.env', reason: 'nul' as const }];
    expect(unpassableToReport({ ...base, fromFiles: token, scrubBootstrap: true })).toEqual([]);
    expect(unpassableToReport({ ...base, fromFiles: token })).toEqual(token);
  });
});
