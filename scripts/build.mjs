// Bundles src/ into dist/: one CommonJS file per start-up path, so the no-Infisical path never
// parses yaml, undici or yargs (see ../shared/reference/perf-baseline.md).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const watchTypes = !process.argv.includes('--no-types');

// Each lazily imported chunk becomes its own file, loaded with require() only when that path runs.
const CHUNKS = { 'contracts-stage': 'contracts-stage.cjs', 'config-stage': 'config-stage.cjs', 'fetch-stage': 'fetch-stage.cjs', help: 'help.cjs' };
const splitChunks = {
  name: 'split-chunks',
  setup(b) {
    b.onResolve({ filter: /\/chunks\/[a-z-]+\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const name = args.path.match(/\/chunks\/([a-z-]+)\.js$/)[1];
      return CHUNKS[name] ? { path: `./${CHUNKS[name]}`, external: true } : undefined;
    });
  },
};

// undici's Client requires its HTTP/2 module at load, and with it node:http2 and node:tls: 35 ms of
// start-up for a protocol the client never negotiates (allowH2 is off). Loaded on first use instead.
// The build fails if undici changes the line, rather than silently keeping the cost.
const lazyHttp2 = {
  name: 'lazy-undici-http2',
  setup(b) {
    b.onLoad({ filter: /undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = "const connectH2 = require('./client-h2.js')";
      if (!source.includes(eager)) throw new Error(`undici changed: '${eager}' not found in ${args.path}`);
      return { contents: source.replace(eager, "const connectH2 = (...args) => require('./client-h2.js')(...args)"), loader: 'js' };
    });
  },
};

mkdirSync(`${root}dist`, { recursive: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !process.env.SECRETS_RUN_NO_MINIFY,
  keepNames: false,
  legalComments: 'none',
  logLevel: 'warning',
  // yargs and yargs-parser are ESM and call createRequire(import.meta.url); give them the CJS equivalent.
  banner: { js: 'var __importMetaUrl=require("node:url").pathToFileURL(__filename).href;' },
  define: { __SECRETS_RUN_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__importMetaUrl' },
  plugins: [splitChunks, lazyHttp2],
  // js-yaml's CommonJS build, not its ESM one: hoisted into a bundle's top scope, the ESM build's
  // top-level let/const bindings need a hole check on every access, and parsing ran 3.4 times slower
  // (200 against 60 us for a 2.8 KB contract).
  alias: { 'js-yaml': fileURLToPath(new URL('../node_modules/js-yaml/dist/js-yaml.cjs.js', import.meta.url)) },
  // import() of a chunk becomes require(): a real dynamic import would start Node's ESM loader and
  // run cjs-module-lexer over the whole chunk (about 90 ms for the undici chunk).
  supported: { 'dynamic-import': false },
};
// Written next to their targets and renamed into place, so a bin running during a build (tests run
// in parallel) never sees a missing or half-written file.
const result = await build({
  ...common,
  write: false,
  entryPoints: {
    cli: `${root}src/cli.ts`,
    index: `${root}src/index.ts`,
    'contracts-stage': `${root}src/chunks/contracts-stage.ts`,
    'config-stage': `${root}src/chunks/config-stage.ts`,
    'fetch-stage': `${root}src/chunks/fetch-stage.ts`,
    help: `${root}src/chunks/help.ts`,
    // The worker thread of a large contract scan.
    'scan-worker': `${root}src/contracts/scan-worker.ts`,
    // The test and demo Infisical emulator: never loaded by the launcher itself.
    emulator: `${root}src/emulator/main.ts`,
  },
  outdir: `${root}dist`,
  outExtension: { '.js': '.cjs' },
});
for (const file of result.outputFiles) {
  writeFileSync(`${file.path}.tmp`, file.contents);
  renameSync(`${file.path}.tmp`, file.path);
}
if (watchTypes) execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
