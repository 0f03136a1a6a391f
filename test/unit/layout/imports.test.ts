import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allowedImports, layerOf } from './import-rules.js';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.(ts|cjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });

const relativeImports = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((m) => m[1]!);
const toSource = (from: string, specifier: string): string => relative(SRC, resolve(dirname(from), specifier)).replace(/\.js$/, '.ts');

// The layers an import reaches: a chunk stands for what it re-exports.
const targetLayers = (target: string): string[] => {
  if (!target.startsWith('chunks/') || target === 'chunks/load-chunk.ts') return [target === 'chunks/load-chunk.ts' ? 'util' : layerOf(target)];
  const file = join(SRC, target);
  return relativeImports(file).map((s) => layerOf(toSource(file, s)));
};

// Every import that runs against the table, as "file → imported file".
export const violations = (files: readonly string[]): string[] => {
  const found: string[] = [];
  for (const file of files) {
    const own = relative(SRC, file);
    if (own.startsWith('chunks/')) continue;
    const allowed = allowedImports(layerOf(own));
    for (const specifier of relativeImports(file)) {
      const target = toSource(file, specifier);
      const layers = targetLayers(target);
      // A folder's own files may always use each other.
      if (layers.every((l) => l === layerOf(own) || allowed.has(l))) continue;
      found.push(`${own} → ${target}`);
    }
  }
  return found;
};

describe('imports run one way (docs/layout.md)', () => {
  it('no module of src/ imports a folder above it or beside it in the flow', () => {
    expect(violations(walk(SRC))).toEqual([]);
  });

  it('the check finds an import that runs back up', () => {
    expect(allowedImports('infisical').has('resolve')).toBe(false);
    expect(allowedImports('merge').has('pipeline')).toBe(false);
    expect(allowedImports('pipeline').has('cli')).toBe(false);
    expect(allowedImports('pipeline').has('launch')).toBe(false);
    expect(allowedImports('settings').has('contracts')).toBe(false);
    expect(allowedImports('resolve').has('infisical')).toBe(true);
  });

  it('reads the import forms the sources use', () => {
    const file = join(SRC, 'pipeline', 'start-fetch.ts');
    const imports = relativeImports(file);
    expect(imports.some((s) => s.includes('chunks/fetch-stage'))).toBe(true); // import('...')
    expect(imports.some((s) => s.includes('settings/'))).toBe(true); // import type ... from '...'
  });
});
