import { trace } from '../util/trace.js';

// How a chunk's bundle is loaded. The bin installs a loader that uses the build's V8 code cache
// (bin/secrets-run.js); without one (the library, tests running the sources) it is a plain require.
// The build writes every call (scripts/build.mjs, split-chunks), with `liftoff` from
// src/chunks/manifest.json: the bin turns V8's --liftoff-only on before it loads such a chunk.
export type ChunkLoader = (file: string, liftoff?: boolean) => { exports: unknown; cache: string };

let installed: ChunkLoader | undefined;

export const setChunkLoader = (loader: ChunkLoader): void => {
  installed = loader;
};

export const loadChunk = (file: string, plain: () => unknown, liftoff?: boolean): unknown => {
  if (installed === undefined) return plain();
  const chunk = installed(file, liftoff);
  trace(`${file} loaded, code cache ${chunk.cache}`);
  return chunk.exports;
};
