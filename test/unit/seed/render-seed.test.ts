import { describe, expect, it } from 'vitest';
import { renderSeedJson, renderSeedTable, summarize } from '../../../src/seed/render-seed.js';
import { SEED_ACTIONS, type SeedAction } from '../../../src/seed/seed-actions.js';

const ACTIONS: SeedAction[] = [
  { action: 'create-folder', folder: '/shared/db/', parent: '/shared/', name: 'db' },
  { action: 'create', key: 'POSTGRES_HOST', folder: '/shared/db/', source: '.env' },
  { action: 'skip-no-value', key: 'A', folder: '/shared/db/', source: null },
  { action: 'error-unread', key: 'KAFKA_ACKS', folder: '/shared/kafka/', source: null, reason: 'HTTP 503' },
];

describe('the seed dry-run table', () => {
  it('aligns action, key, folder and source, then counts', () => {
    expect(renderSeedTable(ACTIONS)).toBe(
      [
        'ACTION         KEY            FOLDER          SOURCE',
        'create-folder  -              /shared/db/     -',
        'create         POSTGRES_HOST  /shared/db/     .env',
        'skip-no-value  A              /shared/db/     -',
        'error-unread   KAFKA_ACKS     /shared/kafka/  (HTTP 503)',
        'create-folder: 1, create: 1, skip-no-value: 1, error-unread: 1',
        '',
      ].join('\n'),
    );
  });

  it('after writing, a RESULT column and the counts of what was written and what failed', () => {
    const results = new Map([
      [ACTIONS[0]!, { status: 'done' as const }],
      [ACTIONS[1]!, { status: 'failed' as const, reason: 'HTTP 500' }],
    ]);
    const table = renderSeedTable(ACTIONS, results).split('\n');
    expect(table[0]).toMatch(/SOURCE +RESULT$/);
    expect(table[1]).toMatch(/ done$/);
    expect(table[2]).toMatch(/ failed: HTTP 500$/);
    expect(table[3]).toMatch(/ -$/);
    expect(table.at(-2)).toBe('written: 1, failed: 2'); // the failed write and the unread folder
    const json = JSON.parse(renderSeedJson(ACTIONS, results)) as { execute: boolean; failed: number; actions: Record<string, unknown>[] };
    expect(json.execute).toBe(true);
    expect(json.failed).toBe(2);
    expect(json.actions[1]).toEqual({ action: 'create', key: 'POSTGRES_HOST', folder: '/shared/db/', source: '.env', result: 'failed', error: 'HTTP 500' });
    const changed = new Map([[ACTIONS[1]!, { status: 'changed' as const, now: 'skip-exists' as const }]]);
    expect(JSON.parse(renderSeedJson(ACTIONS, changed)).actions[1]).toMatchObject({ result: 'changed', now: 'skip-exists' });
  });

  it('says when there is nothing', () => {
    expect(renderSeedTable([])).toBe('ACTION  KEY  FOLDER  SOURCE\nnothing to seed\n');
  });

  it('escapes control characters in names', () => {
    const table = renderSeedTable([{ action: 'create', key: 'A\u001b[31m', folder: '/shared/db/', source: 'x\n.env' }]);
    expect(table).not.toMatch(/\u001b|x\n\.env/);
  });
});

describe('seed --format json', () => {
  it('has the same fields for every action and every action counted', () => {
    const parsed = JSON.parse(renderSeedJson(ACTIONS)) as { actions: Record<string, unknown>[]; summary: Record<string, number> };
    expect(parsed.actions).toEqual([
      { action: 'create-folder', key: null, folder: '/shared/db/', source: null },
      { action: 'create', key: 'POSTGRES_HOST', folder: '/shared/db/', source: '.env' },
      { action: 'skip-no-value', key: 'A', folder: '/shared/db/', source: null },
      { action: 'error-unread', key: 'KAFKA_ACKS', folder: '/shared/kafka/', source: null, reason: 'HTTP 503' },
    ]);
    expect(Object.keys(parsed.summary)).toEqual([...SEED_ACTIONS]);
    expect(parsed.summary).toMatchObject({ 'create-folder': 1, create: 1, 'skip-no-value': 1, 'error-unread': 1, overwrite: 0, fill: 0 });
  });

  it('escapes control characters so the JSON is safe on a terminal and reads back the same', () => {
    const json = renderSeedJson([{ action: 'create', key: 'A\u009b', folder: '/shared/db/', source: '.env' }]);
    expect(json).not.toMatch(/\u009b/);
    expect((JSON.parse(json) as { actions: { key: string }[] }).actions[0]!.key).toBe('A\u009b');
  });

  it('counts nothing for no actions', () => {
    expect(Object.values(summarize([])).every((n) => n === 0)).toBe(true);
  });
});
