// Loaded only when Infisical is contacted: it carries undici.
import '../infisical/transport/wasm-flags.js';
export { fetchFolders } from '../infisical/fetch-folders.js';
