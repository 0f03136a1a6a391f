// Runs every row of docs/bad-input.md: the documented command in a directory set up as the row says,
// checking the documented exit status and that the output contains the documented text.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Faults } from '../../emulator/types.js';
import { makeTree } from '../helpers/tree.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { bootstrapEnv, buildSeed, contract, useEmulator } from '../helpers/emulator-env.js';

interface Row {
  id: string;
  command: string;
  exit: number;
  message: string;
}

const rows: Row[] = readFileSync(join(ROOT, 'docs/bad-input.md'), 'utf8')
  .split('\n')
  .filter((line) => /^\| [a-z0-9-]+ \|/.test(line) && !line.startsWith('| id |'))
  .map((line) => {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const unquote = (cell: string): string => cell.replace(/^`|`$/g, '');
    return { id: cells[0]!, command: unquote(cells[3]!), exit: Number(cells[4]), message: unquote(cells[5]!) };
  });

const MCP = contract({ transport: 'mcp' });
type Setup = {
  files?: Record<string, string>;
  dirs?: string[];
  brokenLink?: string;
  notExecutable?: string;
  badInterpreter?: string;
  faults?: Faults;
  fifo?: string;
  links?: Record<string, string>; // name -> target
  sized?: Record<string, number>; // name -> bytes (sparse)
  atRoot?: boolean; // run in / instead of the row's directory
  modes?: Record<string, number>; // directory -> mode it is made with
};
const MiB = 1024 * 1024;
const BIG_PLANNED = contract({ env: ['BIG_SECRET'] });
const KIB = 1024;
// 64 values of 100 to 106 KiB: each one fits, all of them are over any stack limit's share (6 MiB at most).
const MANY_PARTS = Array.from({ length: 64 }, (_, i) => `PART_${String(i).padStart(2, '0')}=${'p'.repeat(100 * KIB + i * 97)}\n`).join('');
const SETUPS: Record<string, Setup> = {
  'env-file-dir': { dirs: ['conf'] },
  'config-yaml': { files: { '.secrets-run.yaml': 'service: [unclosed\n' } },
  'config-unknown-key': { files: { '.secrets-run.yaml': 'colour: blue\n' } },
  'config-wrong-type': { files: { '.secrets-run.yaml': 'require: maybe\n' } },
  'config-bootstrap-key': { files: { '.secrets-run.yaml': 'transports: {db: [INFISICAL_TOKEN]}\n' } },
  'config-reserved-key': { files: { '.secrets-run.yaml': 'transports: {__proto__: [A]}\n' } },
  'key-name-escapes': { files: { 'contract.yaml': 'dependencies:\n  - {type: environment, env_var: "EVIL\\e[31m\\nsecrets-run: error: forged"}\n' } },
  'dangerous-key': { files: { 'contract.yaml': contract({ env: ['HTTPS_PROXY'] }) } },
  'contract-yaml-lenient': { files: { 'contract.yaml': 'metadata: [unclosed\n' } },
  'contract-yaml-strict': { files: { 'contract.yaml': 'metadata: [unclosed\n' } },
  'contract-root': { files: { 'contract.yaml': '- a\n' } },
  'contract-transport': { files: { 'contract.yaml': 'metadata: {transport_type: pigeon}\n' } },
  'contract-dir': { dirs: ['contract.yaml'] },
  'contract-broken-link': { brokenLink: 'contract.yaml' },
  'config-broken-link': { brokenLink: '.secrets-run.yaml' },
  'missing-key-strict': { files: { 'contract.yaml': MCP } },
  'addr-not-url': { files: { 'contract.yaml': MCP } },
  'addr-not-url-strict': { files: { 'contract.yaml': MCP } },
  'token-not-latin1': { files: { 'contract.yaml': MCP } },
  'credentials-unset': { files: { 'contract.yaml': MCP } },
  unreachable: { files: { 'contract.yaml': MCP } },
  'wrong-credentials': { files: { 'contract.yaml': MCP }, faults: { wrongCredentials: true } },
  'wrong-credentials-strict': { files: { 'contract.yaml': MCP }, faults: { wrongCredentials: true } },
  'malformed-response': { files: { 'contract.yaml': MCP }, faults: { malformedBody: { route: 'list' } } },
  'server-hangs': { files: { 'contract.yaml': MCP }, faults: { hang: { route: 'list' } } },
  redirect: {
    files: { 'contract.yaml': MCP },
    faults: { redirect: { route: 'login', location: 'https://elsewhere.invalid/api/v1/auth/universal-auth/login' } },
  },
  'command-not-executable': { notExecutable: 'tool.sh' },
  'command-bad-interpreter': { badInterpreter: 'tool.sh' },
  'contracts-loop': { links: { loop: 'loop' } },
  'contracts-at-root': { atRoot: true },
  'contract-fifo': { fifo: 'contract.yaml' },
  'contract-device': { links: { 'contract.yaml': '/dev/zero' } },
  'contract-oversize': { sized: { 'contract.yaml': 5 * MiB } },
  'env-file-fifo': { fifo: '.env' },
  'env-file-device': { links: { 'zero.env': '/dev/zero' } },
  'env-file-oversize': { sized: { 'big.env': 17 * MiB } },
  'config-fifo': { fifo: '.secrets-run.yaml' },
  'config-device': { links: { 'zero.yaml': '/dev/zero' } },
  'config-dir': { dirs: ['.secrets-run.yaml'] },
  'config-oversize': { sized: { 'big.yaml': 2 * MiB } },
  'command-not-found-first': { files: { 'contract.yaml': MCP }, faults: { hang: { route: 'any' } } },
  'value-too-large': { files: { 'contract.yaml': BIG_PLANNED } },
  'value-too-large-strict': { files: { 'contract.yaml': BIG_PLANNED } },
  'env-value-too-large': { files: { '.env': `BIG=${'b'.repeat(200 * KIB)}\n` } },
  'env-too-large': { files: { '.env': MANY_PARTS } },
  'cache-dir-mode': { files: { 'contract.yaml': MCP }, modes: { cache: 0o755 } },
};

const SUBJECT = /--[a-z]|[A-Z][A-Z0-9_]{2,}|'[^']*'|[\w.-]+\.\w+|\/|transport|command|(?:env file|token cache|searched:) \S|^(?:secrets-run: \w+: )?[^\s:]+: /;
// Shell words with single quotes, enough for the commands in the table.
const words = (command: string): string[] => [...command.matchAll(/(?:'[^']*'|[^\s'])+/g)].map((m) => m[0].replace(/'/g, ''));

const emulator = useEmulator(
  buildSeed({
    prod: {
      '/shared/mcp': { MCP_SERVER_HOST: 'mcp.bad-input', MCP_SERVER_PORT: '9000' },
      '/shared/env': { BIG_SECRET: `big-${'s'.repeat(200 * KIB - 4)}`, HTTPS_PROXY: 'http://proxy.bad-input:3128' },
    },
  }),
);

describe('docs/bad-input.md', () => {
  it('has rows, each with a known setup or none needed', () => {
    expect(rows.length).toBeGreaterThan(30);
    for (const id of Object.keys(SETUPS)) expect(rows.map((r) => r.id)).toContain(id);
  });

  it.each(rows.map((r) => [r.id, r] as const))('%s', async (_id, row) => {
    const setup = SETUPS[row.id] ?? {};
    const cwd = makeTree(setup.files ?? {});
    for (const dir of setup.dirs ?? []) mkdirSync(join(cwd, dir), { recursive: true });
    for (const [dir, mode] of Object.entries(setup.modes ?? {})) {
      mkdirSync(join(cwd, dir));
      chmodSync(join(cwd, dir), mode);
    }
    if (setup.brokenLink) symlinkSync('missing-target.yaml', join(cwd, setup.brokenLink));
    if (setup.notExecutable) {
      writeFileSync(join(cwd, setup.notExecutable), '#!/bin/sh\necho never\n');
      chmodSync(join(cwd, setup.notExecutable), 0o644);
    }
    if (setup.badInterpreter) {
      writeFileSync(join(cwd, setup.badInterpreter), '#!/nonexistent/sh\necho never\n');
      chmodSync(join(cwd, setup.badInterpreter), 0o755);
    }
    if (setup.fifo) execFileSync('mkfifo', [join(cwd, setup.fifo)]);
    for (const [name, target] of Object.entries(setup.links ?? {})) symlinkSync(target, join(cwd, name));
    for (const [name, bytes] of Object.entries(setup.sized ?? {})) {
      writeFileSync(join(cwd, name), '');
      truncateSync(join(cwd, name), bytes);
    }
    emulator().setFaults(setup.faults ?? {});

    const tokens = words(row.command);
    const env: Record<string, string> = {};
    while (tokens[0] !== 'secrets-run') {
      const [name, ...value] = tokens.shift()!.split('=');
      if (value.join('=') === '<emulator>') Object.assign(env, bootstrapEnv(emulator()));
      else env[name!] = value.join('=');
    }
    tokens.shift();
    const result = await runCli(tokens, { cwd: setup.atRoot ? '/' : cwd, env, timeoutMs: 30_000 });
    const pattern = new RegExp(
      row.message
        .split(/<[a-z-]+>/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.+?'),
    );
    expect(result.stderr).toMatch(pattern);
    expect(result.code).toBe(row.exit);
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
    // Names the thing: a flag, a variable, a quoted value, a file or a host.
    expect(row.message).toMatch(SUBJECT);
    // Says the fix: an error, and the one warning about Infisical, end with a hint line: the error's
    // own, else its code's (cli/advice.ts).
    if (/^secrets-run: (error: |warning: Infisical: )/m.test(result.stderr)) expect(result.stderr).toMatch(/^secrets-run: hint: \S/m);
  });
});
