export interface ContractProblem {
  file: string; // relative to the working directory
  line?: number;
  message: string;
}

export interface Requirement {
  key: string;
  transport: string; // a slug, or 'env' for environment dependencies
  required: boolean;
  contract: string; // relative path of the contract file
  field: string; // e.g. handler_routing.handlers[0].handler_type
}

export interface ContractExtract {
  requirements: Requirement[];
  transports: string[]; // discovered transport slugs, in order, deduplicated
  problems: ContractProblem[];
}

export interface ContractScan extends ContractExtract {
  contracts: string[]; // relative paths, scan order
  roots?: string[]; // the roots searched, as the user would write them (set by the pipeline)
}
