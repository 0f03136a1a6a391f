// A planned key's value as Infisical served it, and the folder it came from.
export interface FetchedValue {
  value: string;
  folder: string;
  cacheAgeSeconds?: number; // from the offline cache, this old, not from Infisical now
}
