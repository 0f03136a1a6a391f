// The programmatic API: loadSecrets() for code that cannot be wrapped, and the pure stages and the
// scanners, for tools that want the plan without the CLI.
export { loadSecrets, type LoadSecretsOptions, type LoadedSecrets } from './api/load-secrets.js';
export { SecretsRunError, isSecretsRunError, type ErrorCode } from './errors.js';
export { BOOTSTRAP_NAMES, isBootstrapName } from './sources/bootstrap-vars.js';
export { loadEnvFiles, mergeEnvFileLayers, type EnvFileLayer, type EnvFileRequest } from './sources/env-files.js';
export { readBootstrap, type Bootstrap, type BootstrapValue } from './sources/read-bootstrap.js';
export {
  BUILTIN_TRANSPORTS,
  BUILTIN_ALIASES,
  buildTransportMap,
  resolveTransport,
  type TransportMap,
  type TransportOverrides,
} from './contracts/transport-map.js';
export { discoverContracts } from './contracts/discover-contracts.js';
export { extractContract } from './contracts/extract-contract.js';
export { scanContracts } from './contracts/scan-contracts.js';
export type { ContractProblem, ContractScan, Requirement } from './contracts/types.js';
export { buildPlan, foldersToList } from './plan/build-plan.js';
export type { PlannedKey, KeySource, Resolution } from './plan/types.js';
export { mergeEnv, type MergeInput, type MergeResult, type KeyProvenance } from './merge/merge-env.js';
export { exitStatusFor } from './launch/exit-status.js';
