export interface KeySource {
  contract: string;
  field: string;
}

export type Resolution = 'environment' | 'infisical' | 'env-file' | 'missing' | 'unknown';

export interface PlannedKey {
  key: string;
  transport: string; // the transport of its first request
  required: boolean; // true when any request requires it
  folders: string[]; // candidate folders, highest priority first
  sources: KeySource[];
}
