// The shared state every route handler works on.
import type { Store } from './seed.js';
import type { TokenStore } from './tokens.js';
import type { FaultState } from './faults.js';

export interface Deps {
  store: Store;
  tokens: TokenStore;
  faults: FaultState;
  /** Timestamp used as createdAt/updatedAt of every seeded secret. */
  createdAt: string;
}
