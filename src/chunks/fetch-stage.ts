// Loaded only when Infisical is contacted: the client, Node's http transport, and undici for a proxy
// (src/infisical/transport/undici-http.ts, which loads it only then).
import '../infisical/transport/wasm-flags.js';
export { fetchFolders } from '../infisical/fetch-folders.js';
