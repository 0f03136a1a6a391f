// Bundles src/ into dist/: one CommonJS file per start-up path, so the no-Infisical path never
// parses yaml, undici or yargs (README.md, Development and Performance; test/e2e/bundles.test.ts).
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync, spawn } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const watchTypes = !process.argv.includes('--no-types');

// Each lazily imported chunk becomes its own file, loaded only when that path runs: import() of it
// becomes a call to src/chunks/load-chunk.ts, which the bin points at its code-cache loader.
// src/chunks/manifest.json is the one list of chunks, read here for the entry points, the bin's
// Liftoff flag and the code-cache training; a chunk left out of it would be bundled inline into
// whatever imports it (the plain path included), so each way of leaving one out fails the build:
// a file in src/chunks/ not in the manifest (or the reverse), an import() of anything but a listed
// chunk, a static import of a chunk, a chunk no training run loads.
// Per chunk: "train", the training run below that loads it (its code cache is made there), or
// "none" for the admin commands (seed, provision), whose start-up time nobody waits on in a rollout;
// "liftoff", whether it may compile after the fetch chunk turned V8's --liftoff-only on
// (bin/secrets-run.js): the bin turns the flag on before it loads such a chunk.
const MANIFEST = JSON.parse(readFileSync(`${root}src/chunks/manifest.json`, 'utf8'));
const TRAINING_RUNS = ['plain', 'help', 'plan', 'fetch', 'proxy', 'none'];
{
  const files = readdirSync(`${root}src/chunks`)
    .filter((f) => f.endsWith('.ts') && f !== 'load-chunk.ts')
    .map((f) => f.slice(0, -3));
  const unlisted = files.filter((name) => !Object.hasOwn(MANIFEST, name));
  const missing = Object.keys(MANIFEST).filter((name) => !files.includes(name));
  const untrained = Object.entries(MANIFEST)
    .filter(([, chunk]) => !TRAINING_RUNS.includes(chunk.train))
    .map(([name]) => name);
  const problems = [
    ...unlisted.map((name) => `src/chunks/${name}.ts is not in src/chunks/manifest.json`),
    ...missing.map((name) => `src/chunks/manifest.json lists ${name}, but src/chunks/${name}.ts does not exist`),
    ...untrained.map((name) => `chunk ${name}: "train" must be one of ${TRAINING_RUNS.join(', ')}`),
  ];
  if (problems.length > 0) throw new Error(`chunk manifest:\n  ${problems.join('\n  ')}`);
}
const chunkFile = (name) => `${name}.cjs`;
const CHUNK_PATH = /\/chunks\/([a-z-]+)\.js$/;
const splitChunks = {
  name: 'split-chunks',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const name = args.path.match(CHUNK_PATH)?.[1];
      const fromSource = args.importer.startsWith(`${root}src/`);
      if (args.kind === 'dynamic-import' && fromSource && !args.path.startsWith('node:')) {
        if (name !== undefined && Object.hasOwn(MANIFEST, name)) return { path: chunkFile(name), namespace: 'chunk' };
        return { errors: [{ text: `import('${args.path}') would be bundled inline: lazily load only a chunk of src/chunks/manifest.json` }] };
      }
      if (name !== undefined && name !== 'load-chunk' && fromSource && args.kind !== 'entry-point') {
        return { errors: [{ text: `a static import of chunk '${args.path}' bundles it inline: use import()` }] };
      }
      return undefined;
    });
    // The third argument tells the bin's loader to turn the Liftoff flag on first (bin/secrets-run.js).
    b.onLoad({ filter: /.*/, namespace: 'chunk' }, (args) => ({
      contents: `module.exports = require('./load-chunk.ts').loadChunk(${JSON.stringify(args.path)}, () => require(${JSON.stringify(`./${args.path}`)})${MANIFEST[args.path.slice(0, -4)].liftoff ? ', true' : ''});`,
      resolveDir: `${root}src/chunks`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^\.\/[a-z-]+\.cjs$/ }, (args) => (args.namespace === 'chunk' ? { path: args.path, external: true } : undefined));
  },
};

// undici loads modules at start-up that a run never or rarely uses. Each patch below defers one to
// first use, and the build fails if undici changes the text, rather than silently keeping the cost.
// - Its Client requires its HTTP/2 module, and with it node:http2 and node:tls: 35 ms for a protocol
//   the client never negotiates (allowH2 is off).
// - It requires node:http for http.maxHeaderSize (we pass maxHeaderSize, src/infisical/transport/http.ts) and for
//   an instanceof check on streams that only exist once node:http is loaded: 2 to 3 ms.
// - node:assert becomes src/infisical/transport/undici-assert.cjs.
const UNDICI_PATCHES = [
  [
    /undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/,
    [
      ["const connectH2 = require('./client-h2.js')", "const connectH2 = (...args) => require('./client-h2.js')(...args)"],
      ["const http = require('node:http')", ''],
      [
        `const getDefaultNodeMaxHeaderSize = http &&
  http.maxHeaderSize &&
  Number.isInteger(http.maxHeaderSize) &&
  http.maxHeaderSize > 0
  ? () => http.maxHeaderSize
  : () => { throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid') }`,
        "const getDefaultNodeMaxHeaderSize = () => require('node:http').maxHeaderSize",
      ],
    ],
  ],
  [
    /undici[\\/]lib[\\/]core[\\/]util\.js$/,
    [
      ["const { IncomingMessage } = require('node:http')", ''],
      ['Object.getPrototypeOf(stream).constructor === IncomingMessage', "Object.getPrototypeOf(stream).constructor === require('node:http').IncomingMessage"],
    ],
  ],
];
const lazyUndici = {
  name: 'lazy-undici',
  setup(b) {
    for (const [filter, replacements] of UNDICI_PATCHES) {
      b.onLoad({ filter }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const [from, to] of replacements) {
          if (!source.includes(from)) throw new Error(`undici changed: '${from.split('\n')[0]}' not found in ${args.path}`);
          source = source.replace(from, to);
        }
        return { contents: source, loader: 'js' };
      });
    }
    b.onResolve({ filter: /^node:assert$/ }, (args) =>
      /node_modules[\\/]undici[\\/]/.test(args.importer) ? { path: `${root}src/infisical/transport/undici-assert.cjs` } : undefined,
    );
  },
};

// js-yaml's CommonJS build spreads objects with a transpiler helper that copies key by key through
// Object.defineProperty: 15% of a 10,000-contract scan, for the option and state objects it builds
// for every document. Object.assign copies the same own enumerable keys of those plain objects; a
// source with its own __proto__ key (never one of them) still takes the helper's path.
const JS_YAML_SPREAD = `function _objectSpread2(e) {
	for (var r = 1; r < arguments.length; r++) {
		var t = null != arguments[r] ? arguments[r] : {};`;
const fastJsYamlSpread = {
  name: 'fast-js-yaml-spread',
  setup(b) {
    b.onLoad({ filter: /js-yaml[\\/]dist[\\/]js-yaml\.cjs\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(JS_YAML_SPREAD)) throw new Error(`js-yaml changed: its _objectSpread2 helper is not where it was in ${args.path}`);
      const fast = `function _objectSpread2(e) {
	for (var i = 1; i < arguments.length; i++) {
		var s = arguments[i];
		if (s != null && !Object.prototype.hasOwnProperty.call(s, '__proto__')) { Object.assign(e, s); continue; }
		_objectSpread2Slow(e, s);
	}
	return e;
}
function _objectSpread2Slow(e) {
	for (var r = 1; r < arguments.length; r++) {
		var t = null != arguments[r] ? arguments[r] : {};`;
      return { contents: source.replace(JS_YAML_SPREAD, fast), loader: 'js' };
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
  define: { __SECRETS_RUN_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__importMetaUrl' },
  plugins: [splitChunks, lazyUndici, fastJsYamlSpread],
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
const launcher = build({
  ...common,
  write: false,
  entryPoints: {
    cli: `${root}src/cli.ts`,
    index: `${root}src/index.ts`,
    // node --require secrets-run/register: runs the bin, loads nothing of it in the process.
    register: `${root}src/register.ts`,
    ...Object.fromEntries(Object.keys(MANIFEST).map((name) => [name, `${root}src/chunks/${name}.ts`])),
    // The worker thread of a large contract scan.
    'scan-worker': `${root}src/contracts/scan-worker.ts`,
    // The worker thread that reads a large Infisical reply within the deadline.
    'parse-worker': `${root}src/infisical/routes/parse-worker.ts`,
  },
  outdir: `${root}dist`,
  outExtension: { '.js': '.cjs' },
});
// The test and demo Infisical emulator (emulator/, docs/emulator.md): never loaded by the launcher,
// so it is built outside dist/ and not published; the code-cache training below runs it.
const emulator = build({
  ...common,
  write: false,
  entryPoints: { emulator: `${root}emulator/main.ts` },
  outdir: `${root}emulator/dist`,
  outExtension: { '.js': '.cjs' },
});
const result = await launcher;
const outputFiles = [...result.outputFiles, ...(await emulator).outputFiles];
mkdirSync(`${root}emulator/dist`, { recursive: true });
// yargs and yargs-parser are ESM and call createRequire(import.meta.url); the bundles that hold them get
// the CJS equivalent, and only those, so the others do not load node:url for nothing.
const IMPORT_META_URL = 'var __importMetaUrl=require("node:url").pathToFileURL(__filename).href;\n';
for (const file of outputFiles) {
  const strict = file.text.startsWith('"use strict";') ? '"use strict";' : '';
  const contents = file.text.includes('__importMetaUrl') ? strict + IMPORT_META_URL + file.text.slice(strict.length) : file.text;
  writeFileSync(`${file.path}.tmp`, contents);
  renameSync(`${file.path}.tmp`, file.path);
}

// A file an earlier build left in dist/ that this one did not make (a chunk since removed, the
// emulator that was built here) would be published with the package: it goes.
const made = new Set(result.outputFiles.flatMap((file) => [basename(file.path), `${basename(file.path)}.cache`]));
for (const entry of readdirSync(`${root}dist`, { withFileTypes: true })) {
  if (entry.isFile() && !made.has(entry.name) && !entry.name.endsWith('.tmp')) rmSync(`${root}dist/${entry.name}`, { force: true });
}

// V8 code caches for the launcher's bundles (bin/secrets-run.js explains them), made by launching it
// with the Node that built the bundles: once on the plain path for dist/cli.cjs, once with --help,
// once against the emulator with flags, a config file and the fixture contracts; each run saves the
// caches of the chunks whose "train" names it in the manifest; the same fetch again through a
// forward proxy (HTTP_PROXY) for the proxy transport's chunk. A failure costs
// start-up speed, not correctness: the bin compiles whatever has no cache.
await trainCodeCaches();

// Emitted afresh, so no declaration of a moved or deleted source is published.
if (watchTypes) rmSync(`${root}dist/types`, { recursive: true, force: true });
if (watchTypes) execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });

async function trainCodeCaches() {
  const dir = mkdtempSync(`${tmpdir()}/secrets-run-code-cache-`);
  const emulator = spawn(
    process.execPath,
    [`${root}emulator/dist/emulator.cjs`, '--port', '0', '--print-url', '--seed', `${root}fixtures/emulator/demo-seed.json`],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  // A script of ours in the scratch folder, with nothing of this environment but PATH.
  const runThere = (script, args, env) =>
    execFileSync(process.execPath, [script, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const train = (bundles, args, env = {}) => bundles.length > 0 && runThere(`${root}scripts/code-cache.cjs`, [...bundles, '--', ...args], env);
  let proxy;
  try {
    writeFileSync(`${dir}/.env`, 'APP_NAME=demo\nAPP_ENV=production\nDB_HOST=localhost\nDB_PORT=5432\nLOG_LEVEL=info\n');
    const trained = (run) =>
      Object.keys(MANIFEST)
        .filter((name) => MANIFEST[name].train === run)
        .map(chunkFile);
    train(['cli.cjs', ...trained('plain')], ['--', process.execPath, '-e', '0']);
    train(trained('help'), ['--help']);
    // Offline, with Infisical configured: the settings check that needs no server runs too.
    train(trained('plan'), ['plan', '--offline', '--contracts', `${root}fixtures/contracts/onex`], {
      INFISICAL_ADDR: 'http://127.0.0.1:9',
      INFISICAL_PROJECT_ID: 'demo-project',
    });
    const url = await new Promise((resolve, reject) => {
      let out = '';
      emulator.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk).includes('\n') && resolve(out.trim()));
      emulator.on('exit', () => reject(new Error('the emulator did not start')));
    });
    // With the offline cache on, so its step is trained too (its file goes to the cache directory
    // below, inside this temporary one).
    writeFileSync(
      `${dir}/.secrets-run.yaml`,
      `contracts: [${JSON.stringify(`${root}fixtures/contracts/onex`)}]\nservice: omnibase-runtime\ntimeout: 10\nofflineCache: true\n`,
    );
    const fetchEnv = {
      INFISICAL_ADDR: url,
      INFISICAL_CLIENT_ID: 'demo-client-id',
      INFISICAL_CLIENT_SECRET: 'demo-client-secret',
      INFISICAL_PROJECT_ID: 'demo-project',
    };
    // With a token cache whose token has expired, so that the run reads and decrypts it, logs in and
    // writes the new one: a warm launch's read is then as trained as a cold launch's login. One run
    // first leaves that token (a 1 s lifetime is already past the renewal margin when it is read);
    // the training run itself gets tokens of the usual lifetime, however slow the machine.
    const faults = async (set) => {
      const answer = await fetch(`${url}/__emulator/faults`, { method: 'POST', body: JSON.stringify(set) });
      if (!answer.ok) throw new Error(`the emulator refused the faults ${JSON.stringify(set)} (HTTP ${answer.status})`);
    };
    const cacheEnv = { ...fetchEnv, SECRETS_RUN_CACHE_DIR: `${dir}/cache` };
    mkdirSync(cacheEnv.SECRETS_RUN_CACHE_DIR, { mode: 0o700 });
    await faults({ tokenTtlSeconds: 1 });
    runThere(`${root}bin/secrets-run.js`, ['--quiet', '--', process.execPath, '-e', '0'], cacheEnv);
    await faults({});
    train(trained('fetch'), ['--quiet', '--', process.execPath, '-e', '0'], cacheEnv);
    proxy = await startForwardProxy();
    train(trained('proxy'), ['--quiet', '--', process.execPath, '-e', '0'], { ...fetchEnv, HTTP_PROXY: proxy.url });
  } catch (error) {
    const detail = error.stderr?.toString().trim() || error.message.split('\n')[0];
    console.warn(`warning: code caches incomplete (${detail}); the launcher compiles what has none`);
  } finally {
    proxy?.close();
    emulator.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

// A forward proxy for http:// targets, as HTTP_PROXY asks it (absolute URLs): enough for the proxy
// training run. execFileSync blocks this thread, so it runs in a child of its own.
function forwardProxySource() {
  return `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const target = new URL(req.url);
  const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (reply) => {
    res.writeHead(reply.statusCode, reply.headers);
    reply.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;
}
async function startForwardProxy() {
  const child = spawn(process.execPath, ['-e', forwardProxySource()], { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk).includes('\n') && resolve(out.trim()));
    child.on('exit', () => reject(new Error('the training proxy did not start')));
  });
  return { url, close: () => child.kill() };
}
