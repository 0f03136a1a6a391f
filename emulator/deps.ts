// The shared state every route handler works on.
import type { Store } from './seed.js';
import type { TokenStore } from './tokens.js';
import type { FaultState } from './faults.js';
import type { Issuer } from './issuer.js';
import type { WriteKind } from './types.js';

export interface Deps {
  store: Store;
  tokens: TokenStore;
  faults: FaultState;
  /** The test issuer whose key the OIDC and Kubernetes logins verify against. */
  issuer: Issuer;
  /** The emulator's clock (epoch ms), for JWT expiry. */
  now: () => number;
  /** Timestamp used as createdAt/updatedAt of every seeded secret. */
  createdAt: string;
  /** Counts a successful write in `stats().writes`. */
  countWrite(kind: WriteKind): void;
}
