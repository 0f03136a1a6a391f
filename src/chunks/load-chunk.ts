import { trace } from '../util/trace.js';

// How a chunk's bundle is loaded. The bin installs a loader that uses the build's V8 code cache
// (bin/secrets-run.js); without one (the library, tests running the sources) it is a plain require.
// The build writes every call (scripts/build.mjs, split-chunks), with `liftoff` from
// src/chunks/manifest.json: the bin turns V8's --liftoff-only on before it loads such a chunk.
export type ChunkLoader = (file: string, liftoff?: boolean) => { exports: unknown; cache: string };

// Kept on the global object, not in this module: each bundle has its own copy of this module, and a
// chunk that loads another (the fetch chunk loads the proxy transport's) must find the loader the
// bin gave dist/cli.cjs.
const LOADER = Symbol.for('secrets-run.chunk-loader');
const holder = globalThis as { [LOADER]?: ChunkLoader };

export const setChunkLoader = (loader: ChunkLoader): void => {
  holder[LOADER] = loader;
};

export const loadChunk = (file: string, plain: () => unknown, liftoff?: boolean): unknown => {
  const installed = holder[LOADER];
  if (installed === undefined) return plain();
  const chunk = installed(file, liftoff);
  trace(`${file} loaded, code cache ${chunk.cache}`);
  return chunk.exports;
};
