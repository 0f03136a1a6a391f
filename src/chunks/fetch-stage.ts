// Loaded only when Infisical is contacted: it carries undici.
export { fetchFolders } from '../fetch/fetch-folders.js';
