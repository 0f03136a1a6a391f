// Loaded only when Infisical is contacted: it carries undici.
import '../fetch/wasm-flags.js';
export { fetchFolders } from '../fetch/fetch-folders.js';
