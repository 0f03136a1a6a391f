import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../src/cli/reporter.js';
import { renderPlanJson, renderPlanTable, type PlanReport } from '../../../src/plan/render-plan.js';
import { clip, escapeControls, escapeJsonControls, printable } from '../../../src/util/printable.js';

// Anything a terminal could act on, or that could start a line of its own.
const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'EVIL\u001b]0;pwned\u0007\u001b[31mRED\nsecrets-run: error: forged\r\u009b2J\u202eevil\u2028x';

describe('the one sanitizer', () => {
  it.each([
    ['\u001b[31m', '\\x1b[31m'],
    ['a\nb', 'a\\nb'],
    ['a\r\tb', 'a\\r\\tb'],
    ['\u0000\u007f\u009b', '\\x00\\x7f\\x9b'],
    ['\u2028\u202e\u2066', '\\u2028\\u202e\\u2066'],
    ['plain ünïcödé 日本語 \\x1b', 'plain ünïcödé 日本語 \\x1b'],
  ])('%j → %j', (raw, shown) => expect(escapeControls(raw)).toBe(shown));

  it('leaves no control character, keeps one line, and escaping twice changes nothing', () => {
    const once = escapeControls(HOSTILE);
    expect(once).not.toMatch(RAW);
    expect(escapeControls(once)).toBe(once);
  });

  it('printable escapes, trims and cuts short', () => {
    expect(printable(' a\u001bb ')).toBe('a\\x1bb');
    expect(printable('x'.repeat(100), 10)).toBe('xxxxxxx...');
    expect(clip('short', 10)).toBe('short');
  });

  it('JSON keeps its meaning: DEL, C1, separators and bidi controls become \\u escapes', () => {
    const json = escapeJsonControls(JSON.stringify({ key: HOSTILE }, null, 2));
    expect(json.replace(/\n/g, '')).not.toMatch(RAW); // its own line breaks are between its lines
    expect(JSON.parse(json)).toEqual({ key: HOSTILE });
  });
});

describe('where output is built', () => {
  it('the reporter writes every line escaped: no forged secrets-run: line, no escape sequence', () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
    createReporter(() => stream, { quiet: false, verbose: true }).warn(`warning: missing ${HOSTILE}`);
    expect(out.split('\n')).toEqual([`secrets-run: warning: missing ${escapeControls(HOSTILE)}`, '']);
    expect(out.slice(0, -1)).not.toMatch(RAW);
  });

  const report: PlanReport = {
    environment: 'prod',
    service: null,
    contracts: [`dir\u001b[2J/contract.yaml`],
    transports: [],
    problems: [{ kind: 'contract', file: 'c\nsecrets-run: x.yaml', line: 1, message: `env_var ${HOSTILE}` }],
    keys: [
      {
        key: HOSTILE,
        transport: 'env',
        required: true,
        folders: ['/shared/env/'],
        sources: [{ contract: 'c.yaml', field: 'f' }],
        resolution: 'missing',
        folder: null,
      },
    ],
  };

  it('the plan table: cells and lines escaped, columns measured on what is shown', () => {
    const table = renderPlanTable(report);
    expect(table.replace(/\n/g, '')).not.toMatch(RAW);
    expect(table.split('\n').filter((l) => l.startsWith('secrets-run:'))).toEqual([]);
    const [header, row] = table.split('\n').filter((l) => l.startsWith('KEY') || l.startsWith('EVIL'));
    expect(header!.indexOf('TRANSPORT')).toBe(row!.indexOf(' env ') + 1);
  });

  it('the plan JSON reads back as the same report', () => {
    expect(JSON.parse(renderPlanJson(report))).toEqual(report);
  });
});
