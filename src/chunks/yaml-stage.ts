// Loaded only when a config file or contract files are read: it carries the yaml parser.
export { scanContracts } from '../contracts/scan-contracts.js';
export { readConfigFile } from '../bootstrap/config-file.js';
export { buildTransportMap } from '../contracts/transport-map.js';
