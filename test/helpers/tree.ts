import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  while (made.length > 0) {
    const dir = made.pop()!;
    try {
      chmodTree(dir);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
});

const chmodTree = (dir: string): void => {
  // Unreadable fixtures must be readable again before they can be removed.
  try {
    chmodSync(dir, 0o755);
  } catch {
    /* ignore */
  }
};

export type TreeSpec = Record<string, string | { symlink: string } | { dir: true }>;

// An inline file tree in a fresh temp dir, removed after the test: each test shows its whole input.
export const makeTree = (spec: TreeSpec): string => {
  const root = mkdtempSync(join(tmpdir(), 'secrets-run-'));
  made.push(root);
  for (const [path, content] of Object.entries(spec)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof content === 'string') writeFileSync(full, content);
    else if ('symlink' in content) symlinkSync(content.symlink, full);
    else mkdirSync(full, { recursive: true });
  }
  return root;
};
