// Issue 14: the contract walk in a PID and mount namespace, as in a container. A tmpfs mounted inside
// the tree is another filesystem, which the walk never enters; `cd /` with the default `.` is
// refused without a walk. Skipped, as launch-pid1 is, where the kernel gives no namespace.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/run-cli.js';
import { makeTree } from '../helpers/tree.js';

const CANDIDATES = [
  ['--pid', '--fork', '--mount', '--mount-proc'],
  ['--user', '--map-root-user', '--pid', '--fork', '--mount', '--mount-proc'],
];
const probe = (): { prefix: string[] } | { skip: string } => {
  const failures: string[] = [];
  for (const flags of CANDIDATES) {
    const r = spawnSync('unshare', [...flags, 'sh', '-c', 'mount -t tmpfs tmpfs /tmp 2>/dev/null || mount -t tmpfs tmpfs /mnt'], { encoding: 'utf8' });
    if (r.error) return { skip: `unshare is not installed (${(r.error as NodeJS.ErrnoException).code}); install util-linux` };
    if (r.status === 0) return { prefix: ['unshare', ...flags] };
    failures.push(`unshare ${flags.join(' ')}: ${r.stderr.trim() || `status ${r.status}`}`);
  }
  return { skip: `the kernel refuses a new PID and mount namespace here (${failures.join('; ')})` };
};
const ns = probe();
if ('skip' in ns) console.warn(`contracts-namespace: skipped: ${ns.skip}`);
const prefix = 'prefix' in ns ? ns.prefix : [];

// Runs a shell script in the namespace, with the bin as $BIN; the environment is PATH and HOME only.
const inNamespace = (script: string, cwd: string) =>
  spawnSync(prefix[0]!, [...prefix.slice(1), 'sh', '-c', script], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/tmp', BIN },
  });

describe.skipIf('skip' in ns)(`contracts in a namespace (${prefix.join(' ') || 'unshare unavailable'})`, () => {
  it('a filesystem mounted inside the tree is passed over, and scanned when named as a root', () => {
    const cwd = makeTree({ 'svc/contract.yaml': 'metadata: {transport_type: mcp}\n', 'mnt/.keep': '' });
    const r = inNamespace(
      [
        'mount -t tmpfs tmpfs mnt',
        "printf 'metadata: {transport_type: db}\\n' > mnt/contract.yaml",
        '"$BIN" plan --offline --format json',
        'echo ---',
        '"$BIN" plan --offline --format json --contracts mnt',
      ].join(' && '),
      cwd,
    );
    expect(r.status, r.stderr).toBe(0);
    const [walked, named] = r.stdout.split('---\n').map((part) => JSON.parse(part) as { contracts: string[] });
    expect(walked!.contracts).toEqual(['svc/contract.yaml']);
    expect(named!.contracts).toEqual(['mnt/contract.yaml']);
  });

  it('cd / with the default contracts path: refused without a walk, naming the way out', () => {
    const cwd = makeTree({ 'svc/contract.yaml': 'metadata: {transport_type: mcp}\n' });
    // The tree bind-mounted at /mnt, as a service's files would be in an image without WORKDIR.
    const r = inNamespace(`mount --bind "${cwd}" /mnt && cd / && "$BIN" --require -- true`, cwd);
    expect(r.status).toBe(125);
    expect(r.stderr).toContain('/: the working directory is /, which is not walked for contracts');
    expect(r.stderr).toContain('give --contracts / to walk it');
  });
});
