// Loaded only when contract files are read: it carries the js-yaml parser.
export { scanTree } from '../contracts/scan-tree.js';
export { buildTransportMap } from '../contracts/transport-map.js';
