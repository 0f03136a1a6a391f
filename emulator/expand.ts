// Server-side secret reference expansion (docs/emulator.md, Routes). The quirks are deliberate: an unresolved
// or empty reference stays literal, cycles stop silently, and nesting is capped at 10 levels.
import { normalizePath } from './seed.js';
import type { StoredSecret } from './seed.js';

export type SecretLookup = (env: string, path: string, key: string) => StoredSecret | undefined;

const REF = /\$\{([a-zA-Z0-9-_.]+)\}/g;
const HAS_REF = /\$\{([a-zA-Z0-9-_.]+)\}/;
const MAX_DEPTH = 10;

interface Target {
  env: string;
  path: string;
  key: string;
}

/** `KEY` → same folder; `env.KEY` → env root; `env.a.b.KEY` → env, folder /a/b. */
function parseRef(inner: string, env: string, path: string): Target | undefined {
  const segs = inner.split('.');
  if (segs.some((s) => s.length === 0)) return undefined;
  if (segs.length === 1) return { env, path, key: inner };
  const [refEnv, ...rest] = segs;
  const key = rest.pop();
  if (refEnv === undefined || key === undefined) return undefined;
  return { env: refEnv, path: normalizePath(rest.join('/')), key };
}

function expand(value: string, env: string, path: string, lookup: SecretLookup, chain: string[], depth: number): string {
  if (depth >= MAX_DEPTH) return value;
  return value.replace(REF, (whole: string, inner: string) => {
    const target = parseRef(inner, env, path);
    if (!target) return whole;
    const id = `${target.env}:${target.path}:${target.key}`;
    if (chain.includes(id)) return whole;
    const secret = lookup(target.env, target.path, target.key);
    // A hidden secret is one the identity may not read; leave its reference untouched.
    if (!secret || secret.hidden) return whole;
    const resolved = expand(secret.value, target.env, target.path, lookup, [...chain, id], depth + 1);
    return resolved.length > 0 ? resolved : whole;
  });
}

/** Expands one secret's value in the context of the folder it lives in. */
export function expandSecretValue(secret: StoredSecret, env: string, path: string, lookup: SecretLookup): string {
  if (!HAS_REF.test(secret.value)) return secret.value;
  const out = expand(secret.value, env, path, lookup, [`${env}:${normalizePath(path)}:${secret.key}`], 0);
  if (secret.skipMultilineEncoding && out.includes('\n')) return `"${out.replace(/\n/g, '\\n')}"`;
  return out;
}
