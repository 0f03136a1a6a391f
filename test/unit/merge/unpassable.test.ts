import { describe, expect, it } from 'vitest';
import { mergeEnvFileLayers, uncarriableInLayers } from '../../../src/sources/env-files.js';
import { resolveFetchedKeys } from '../../../src/resolve/resolve-keys.js';
import { unpassableToReport } from '../../../src/merge/unpassable.js';
import type { PlannedKey } from '../../../src/plan/types.js';

// Values no environment can carry (a NUL character): passed over where they are read, and reported
// only when they would have reached the child.
const layer = (file: string, vars: Record<string, string>) => ({ file, vars });
const planned = (key: string, folders: string[]) => ({ key, folders }) as unknown as PlannedKey;
const folder = (values: Record<string, string>) => ({ values: new Map(Object.entries(values)), hidden: [] as string[] });
const fetched = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, { value: v, folder: '/shared/env/' }]));

describe('values no environment can carry', () => {
  it('among env files, an earlier file stands in, and only a value no later file replaced is named', () => {
    const layers = [layer('a.env', { FOO: 'good', BAR: 'bad\0' }), layer('b.env', { FOO: 'bad\0', BAR: 'fine' }), layer('c.env', { BAZ: '\0' })];
    expect(Object.fromEntries([...mergeEnvFileLayers(layers)].map(([k, v]) => [k, v.value]))).toEqual({ FOO: 'good', BAR: 'fine' });
    expect(uncarriableInLayers(layers)).toEqual([
      { key: 'FOO', from: 'b.env' },
      { key: 'BAZ', from: 'c.env' },
    ]);
  });

  it('among folders, the next folder is asked, and the folder passed over is named', () => {
    const folders = new Map([
      ['/services/api/mcp/', folder({ MCP_SERVER_HOST: 'a\0b' })],
      ['/shared/mcp/', folder({ MCP_SERVER_HOST: 'shared-host' })],
    ]);
    const r = resolveFetchedKeys([planned('MCP_SERVER_HOST', ['/services/api/mcp/', '/shared/mcp/'])], folders);
    expect(r.fetched.get('MCP_SERVER_HOST')).toEqual({ value: 'shared-host', folder: '/shared/mcp/' });
    expect(r.unpassable).toEqual([{ key: 'MCP_SERVER_HOST', from: '/services/api/mcp/' }]);
  });

  it('is reported only where it would have reached the child', () => {
    const base = { inherited: {}, fetched: fetched({}), fromInfisical: [], fromFiles: [], override: false, scrubBootstrap: false };
    const fromInfisical = [{ key: 'K', from: '/shared/env/' }];
    const fromFiles = [{ key: 'K', from: '.env' }];
    expect(unpassableToReport({ ...base, fromInfisical, fromFiles })).toEqual([...fromInfisical, ...fromFiles]);
    // The inherited environment beats both (Infisical too, without --override)...
    expect(unpassableToReport({ ...base, inherited: { K: 'env' }, fromInfisical, fromFiles })).toEqual([]);
    expect(unpassableToReport({ ...base, inherited: { K: 'env' }, fromInfisical, override: true })).toEqual(fromInfisical);
    // ...Infisical beats a file...
    expect(unpassableToReport({ ...base, fetched: fetched({ K: 'ok' }), fromFiles })).toEqual([]);
    // ...and --scrub-bootstrap removes the secret bootstrap variables anyway.
    const token = [{ key: 'INFISICAL_TOKEN', from: 'c.env' }];
    expect(unpassableToReport({ ...base, fromFiles: token, scrubBootstrap: true })).toEqual([]);
    expect(unpassableToReport({ ...base, fromFiles: token })).toEqual(token);
  });
});
