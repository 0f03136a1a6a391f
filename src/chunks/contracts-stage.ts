// Loaded only when contract files are read: it carries the js-yaml parser.
export { scanContracts, scanContractsStreaming } from '../contracts/scan-contracts.js';
export { buildTransportMap } from '../contracts/transport-map.js';
