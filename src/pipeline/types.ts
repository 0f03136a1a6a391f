import type { ContractScan } from '../contracts/types.js';
import type { FetchOutcome } from '../infisical/types.js';
import type { MergeResult } from '../merge/merge-env.js';
import type { Unpassable } from '../merge/unpassable.js';
import type { PlannedKey } from '../plan/types.js';
import type { Resolved } from '../resolve/resolve.js';
import type { Flags } from '../settings/options.js';
import type { Settings } from '../settings/settings.js';
import type { EnvFileLayer, SourcedValue } from '../sources/env-files.js';
import type { Bootstrap } from '../sources/read-bootstrap.js';
import type { OfflineOutcome } from './offline-step.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Invocation {
  flags: Flags;
  env: Env;
  cwd: string;
}

// A run says how much room its command's environment has (launch/exec-limit.ts), and checks that its
// command can be started, given the PATH the child will have, before anything is fetched.
export type Mode =
  | {
      kind: 'run';
      environmentRoom?: number;
      checkCommand?: (path: string | undefined) => void;
      // Called once the contracts are planned while Infisical's answers may still be on their way:
      // what the caller needs after them can load in that wait instead of after it.
      whileAnswersArrive?: () => void;
    }
  | { kind: 'plan'; offline: boolean };

// What the environment and the env files say, before any contract is read.
export interface Sources {
  envFileLayers: EnvFileLayer[];
  envFileVars: Map<string, SourcedValue>; // the files merged, later files winning
  bootstrap: Bootstrap;
  environment: string; // the Infisical environment slug, resolved
}

// Each stage's output, in the order the data flows.
export interface Prepared {
  settings: Settings;
  sources: Sources;
  scan: ContractScan | undefined; // undefined when contracts were not scanned (no Infisical, lenient)
  plan: PlannedKey[];
  fetch: FetchOutcome | undefined; // undefined when Infisical was not contacted
  offline: OfflineOutcome | undefined; // undefined when the offline cache is off or Infisical was not contacted
  resolved: Resolved;
  unpassable: Unpassable[]; // values that would have won and were left out: no environment can carry them, or the whole is over the limit
  merge: MergeResult;
}
