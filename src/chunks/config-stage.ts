// Loaded only when a config file exists: it carries the yaml parser.
export { readConfigFile } from '../settings/config-file.js';
