export interface KeySource {
  contract: string;
  field: string;
}

// 'cache': Infisical's value as the offline cache kept it, Infisical being out of reach.
export type Resolution = 'environment' | 'infisical' | 'cache' | 'env-file' | 'missing' | 'unknown';

export interface PlannedKey {
  key: string;
  transport: string; // the transport of its first request
  required: boolean; // true when any request requires it
  folders: string[]; // candidate folders, highest priority first
  sources: KeySource[];
}
