import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEmulatorArgs, runEmulatorCli, UsageError } from '../../emulator/cli.js';
import { SEED_PATH, call } from './helpers.js';
import { makeTree } from '../helpers/tree.js';

const ROOT = resolve(dirname(SEED_PATH), '..', '..');

describe('emulator command line', () => {
  it('has the documented defaults', () => {
    expect(parseEmulatorArgs([], '/somewhere', ROOT)).toEqual({
      port: 8880,
      host: '127.0.0.1',
      seedPath: join(ROOT, 'fixtures', 'emulator', 'demo-seed.json'),
      // A standalone emulator limits like a real server: 60 reads and 60 logins per address per minute.
      faults: { limits: { secrets: 60, auth: 60, windowMs: 60_000 } },
      printUrl: false,
      printGithub: false,
    });
  });

  it('maps --latency and --legacy to faults, --legacy turning on every older-server knob', () => {
    const c = parseEmulatorArgs(['--latency', '25', '--legacy', '--port', '0'], ROOT, ROOT);
    expect(c).toMatchObject({ port: 0, faults: { latencyMs: 25 } });
    const legacy = c === 'help' ? {} : (c.faults.legacy ?? {});
    expect(legacy).toEqual({
      noV4: true,
      missingFolderEmpty200: true,
      unknownClientId404: true,
      rateLimit500: true,
      noReqId: true,
      validation401: true,
      unknownProject404: true,
      noImportsKey: true,
      recursiveMissingEnv500: true,
      noBootstrap: true,
      existingFolder200: true,
      secretAlreadyExist: true,
    });
  });

  it('sets the per-IP limits with --limit-secrets and --limit-auth, and none with --no-limits', () => {
    const faults = (...argv: string[]) => {
      const c = parseEmulatorArgs(argv, ROOT, ROOT);
      return c === 'help' ? undefined : c.faults;
    };
    expect(faults('--limit-secrets', '5')).toEqual({ limits: { secrets: 5, auth: 60, windowMs: 60_000 } });
    expect(faults('--limit-auth', '0', '--limit-secrets', '200')).toEqual({ limits: { secrets: 200, auth: 0, windowMs: 60_000 } });
    expect(faults('--limit-writes', '7')).toEqual({ limits: { secrets: 60, auth: 60, writes: 7, windowMs: 60_000 } });
    expect(faults('--no-limits')).toEqual({});
    expect(() => faults('--no-limits', '--limit-writes', '3')).toThrow(UsageError);
    expect(() => faults('--no-limits', '--limit-auth', '3')).toThrow(UsageError);
    expect(() => faults('--limit-secrets', 'many')).toThrow(/--limit-secrets must be an integer/);
  });

  it('resolves --seed against the cwd first, then the repository root', () => {
    const dir = makeTree({ 'mine.json': '{}' });
    expect(parseEmulatorArgs(['--seed', 'mine.json'], dir, ROOT)).toMatchObject({ seedPath: join(dir, 'mine.json') });
    expect(parseEmulatorArgs(['--seed', 'fixtures/emulator/test-seed.json'], dir, ROOT)).toMatchObject({ seedPath: SEED_PATH });
  });

  it('takes a TLS certificate and key together, resolved against the cwd', () => {
    expect(parseEmulatorArgs(['--tls-cert', 'c.pem', '--tls-key', 'k.pem'], '/somewhere', ROOT)).toMatchObject({
      tls: { certPath: '/somewhere/c.pem', keyPath: '/somewhere/k.pem' },
    });
    expect(() => parseEmulatorArgs(['--tls-cert', 'c.pem'], ROOT, ROOT)).toThrow(/--tls-cert and --tls-key go together/);
  });

  it('rejects bad flags with a UsageError', () => {
    expect(() => parseEmulatorArgs(['--port', 'x'], ROOT, ROOT)).toThrow(UsageError);
    expect(() => parseEmulatorArgs(['--nope'], ROOT, ROOT)).toThrow(UsageError);
    expect(parseEmulatorArgs(['--help'], ROOT, ROOT)).toBe('help');
  });

  it('starts, prints only the URL on stdout with --print-url, and never prints secrets', async () => {
    const dir = makeTree({ 'seed.json': readFileSync(SEED_PATH, 'utf8') });
    let out = '';
    let err = '';
    const emu = await runEmulatorCli(['--port', '0', '--seed', 'seed.json', '--print-url'], {
      cwd: dir,
      rootDir: ROOT,
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
    });
    try {
      expect(emu).toBeDefined();
      expect(out).toBe(`${emu?.url}\n`);
      expect(err).toBe(`infisical emulator listening on ${emu?.url}\n`);
      expect(err + out).not.toContain('test-client-secret');
      expect((await call(`${emu?.url}/api/status`)).status).toBe(200);
    } finally {
      await emu?.close();
    }
  });

  it('prints the GitHub stand-in’s request URL and token only with --print-github', async () => {
    let out = '';
    const io = { cwd: ROOT, rootDir: ROOT, stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } };
    const emu = await runEmulatorCli(['--port', '0', '--print-url', '--print-github'], io);
    try {
      expect(out).toBe(`${emu?.url}\nACTIONS_ID_TOKEN_REQUEST_URL=${emu?.github.requestUrl}\nACTIONS_ID_TOKEN_REQUEST_TOKEN=${emu?.github.requestToken}\n`);
      const url = /^ACTIONS_ID_TOKEN_REQUEST_URL=(.*)$/m.exec(out)?.[1];
      const token = /^ACTIONS_ID_TOKEN_REQUEST_TOKEN=(.*)$/m.exec(out)?.[1];
      expect((await call(`${url}&audience=x`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await emu?.close();
    }
  });
});
