import { setFlagsFromString } from 'node:v8';

// undici (through a proxy: undici-http.ts) parses HTTP with llhttp compiled to WebAssembly. By
// default V8 also recompiles it with TurboFan in the background, and Node waits for that at exit:
// 200 ms after the child has ended, and 35 MiB more memory, for a handful of responses. Liftoff
// alone parses them just as well. Must run before undici compiles the module, so this is the fetch
// chunk's first import. It stays on in every run that loads the fetch chunk, proxy or not: V8 takes
// a code cache only under the flags it was made with, and the chunks loaded after this one
// (contracts, report) have one cache each (bin/secrets-run.js).
setFlagsFromString('--liftoff-only');
