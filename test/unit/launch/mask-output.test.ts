// The command's output through the masker (mask-output.ts), with a real command: on Linux through
// connections of secrets-run's own read into reused buffers, elsewhere through Node's child pipes.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskPatterns } from '../../../src/launch/masker.js';
import { prepareMaskedOutput } from '../../../src/launch/mask-output.js';

const VALUE = 'secret-value-0123456789';

// A reader that takes each write late (after a timer), and copies it only then: a read buffer handed
// back for reuse before its write is done would show here as changed bytes. With a large buffer, writes
// are still pending when it says there is room, and the next reads come in meanwhile; with a small one,
// reading pauses at each write.
const slowReader = (highWaterMark: number) => {
  const got: Buffer[] = [];
  const target = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      setTimeout(() => {
        got.push(Buffer.from(chunk));
        done();
      }, 1);
    },
  });
  return { target, text: () => Buffer.concat(got).toString() };
};

// Both ways the output is read: on Linux connections of our own, and Node's pipes (as elsewhere).
const PLATFORMS = [
  ['linux', 'own connections'],
  ['darwin', "Node's pipes"],
] as const;

// One command, its output prepared and read as a run does: its exit, once its output has drained.
const runMasked = async (platform: NodeJS.Platform, values: string[], stdout: Writable, stderr: Writable, file: string, args: string[], env = {}) => {
  const output = await prepareMaskedOutput({ patterns: maskPatterns(values), stdout, stderr }, platform);
  const child = spawn(file, args, { stdio: output.stdio, env: { ...process.env, ...env } });
  const reading = output.attach(child);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (...end) => resolve(end)));
  await reading.drained();
  return { stdio: output.stdio, code, signal };
};

// 3 MB on stdout, the value in every line; one line with it on stderr.
const SCRIPT = `
const line = (i) => 'line ' + i + ' ' + process.env.V + ' ' + 'x'.repeat(i % 200) + '\\n';
let out = '';
for (let i = 0; i < 12000; i++) out += line(i);
process.stdout.write(out);
process.stderr.write('err ' + process.env.V + '\\n');
`;
const expectedOut = (() => {
  let out = '';
  for (let i = 0; i < 12000; i++) out += `line ${i} ***** ${'x'.repeat(i % 200)}\n`;
  return out;
})();

describe('the command output under --mask', () => {
  for (const [platform, reading] of PLATFORMS)
    for (const highWaterMark of [1024, 4 << 20])
      it(`is masked whole, in order, with a slow reader of ours (${reading}, writes buffered up to ${highWaterMark} bytes)`, async () => {
        const stdout = slowReader(highWaterMark);
        const stderr = slowReader(highWaterMark);
        const run = await runMasked(platform, [VALUE], stdout.target, stderr.target, process.execPath, ['-e', SCRIPT], { V: VALUE });
        if (platform === 'darwin' || process.platform !== 'linux') expect(run.stdio).toEqual(['inherit', 'pipe', 'pipe']);
        else expect(run.stdio).not.toContain('pipe');
        await new Promise((resolve) => stdout.target.end(resolve));
        expect(run.code).toBe(0);
        expect(stdout.text().length).toBe(expectedOut.length);
        expect(stdout.text() === expectedOut).toBe(true);
        expect(stderr.text()).toBe('err *****\n');
      }, 30_000);
});

// --watch prepares the output again for every restart, onto the same stdout and stderr of ours: one
// command's reading must leave nothing behind on them once it has drained. A listener left on each
// (Node warns past 10) keeps that command's reader reachable, with its read buffers (on Linux up to
// five of 256 KiB a stream), for as long as secrets-run runs.
describe('the command output under --mask, started again and again (--watch)', () => {
  const openFds = (): number => readdirSync('/proc/self/fd').length;
  for (const [platform, reading] of PLATFORMS)
    it(`leaves no listener on our streams and no descriptor open (${reading})`, async () => {
      const stdout = slowReader(1 << 20);
      const stderr = slowReader(1 << 20);
      const before = { out: stdout.target.listenerCount('error'), err: stderr.target.listenerCount('error'), fds: openFds() };
      for (let i = 0; i < 12; i++)
        await runMasked(
          platform,
          [VALUE],
          stdout.target,
          stderr.target,
          process.execPath,
          ['-e', `console.log('run ${i}', process.env.V); console.error('err ${i}')`],
          {
            V: VALUE,
          },
        );
      await new Promise((resolve) => setTimeout(resolve, 100)); // the last sockets' close events
      expect(stdout.target.listenerCount('error')).toBe(before.out);
      expect(stderr.target.listenerCount('error')).toBe(before.err);
      expect(openFds()).toBeLessThanOrEqual(before.fds);
      expect(stdout.text()).toBe(Array.from({ length: 12 }, (_, i) => `run ${i} *****\n`).join(''));
    }, 30_000);
});

// A value of some tens of KB (a base64-encoded file, say) with characters its JSON or URL forms
// change: one regular expression of all those forms is more than V8 compiles ("Regular expression
// too large"). Thrown while reading the command's output, that error ended secrets-run and printed
// the expression - every form of the value - on stderr.
describe('the command output under --mask, with a value of tens of KB', () => {
  const big = Array.from({ length: 40_000 }, (_, i) => 'ab/+'[i % 4]! + String.fromCharCode(97 + ((i * 7) % 26))).join('');
  for (const [platform, reading] of PLATFORMS)
    it(`is masked (${reading})`, async () => {
      const stdout = slowReader(1 << 20);
      const stderr = slowReader(1 << 20);
      const script = "process.stdout.write('big ' + process.env.V + ' ' + encodeURIComponent(process.env.V) + ' end\\n')";
      await runMasked(platform, [big], stdout.target, stderr.target, process.execPath, ['-e', script], { V: big });
      await new Promise((resolve) => stdout.target.end(resolve));
      expect(stdout.text() === 'big ***** ***** end\n').toBe(true);
    }, 30_000);
});

// --watch: a reader of ours that went away (`| head`) while one command ran is gone for the next one
// too. Our stream reported EPIPE once, to the command before; the next command must learn it as in a
// shell pipeline, SIGPIPE at its first write, not write into our closed stream until it blocks.
describe('the command output under --mask, started after our reader went away', () => {
  const gone = (): Writable => {
    const target = new Writable({ write: (_chunk, _encoding, done) => done() });
    target.on('error', () => undefined); // as the CLI's own listener does
    target.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    return target;
  };
  for (const [platform, reading] of PLATFORMS)
    it(`ends the command with SIGPIPE at its first write (${reading})`, async () => {
      const stdout = gone();
      await new Promise((resolve) => setImmediate(resolve)); // the error event is emitted
      // `yes`: a Node child would ignore SIGPIPE.
      const { signal } = await runMasked(platform, [VALUE], stdout, slowReader(1024).target, 'yes', ['line']);
      expect(signal).toBe('SIGPIPE');
    }, 10_000);
});
