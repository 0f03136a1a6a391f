import { SecretsRunError } from '../errors.js';
import type { RouteTrackingClient } from '../infisical/admin-client.js';
import type { AuthChoice } from '../infisical/auth/choose-method.js';
import type { Organization } from '../infisical/routes/admin/bootstrap.js';
import type { Identity } from '../infisical/routes/admin/identities.js';
import { writeAdminFile } from './admin-files.js';
import { mergeEnvText, type EnvUpdate } from './merge-env-file.js';
import type { ProvisionOptions } from './provision-options.js';
import { pairState, stepReport, type PairState, type StepName, type StepReport, type StepResult } from './steps.js';

export interface ProvisionInput {
  options: ProvisionOptions;
  addr: string; // INFISICAL_ADDR as given: what the env file gets
  envText: string | undefined; // the env file now (undefined: there is none)
  envVars: Readonly<Record<string, string>>;
  adminToken: { token: string; from: string } | undefined; // INFISICAL_ADMIN_TOKEN or the token file
  adminPassword: { value: string; generated: boolean };
  folders: readonly string[]; // /shared/<transport>/ of every transport with keys
  timeoutMs: number; // each step's deadline
  cwd: string;
  connect: (choice: AuthChoice) => RouteTrackingClient;
  report: (step: StepReport) => void;
  detail: (line: string) => void; // --verbose lines (a folder each)
}

export const ADDR = 'INFISICAL_ADDR';
export const CLIENT_ID = 'INFISICAL_CLIENT_ID';
export const CLIENT_SECRET = 'INFISICAL_CLIENT_SECRET';
export const PROJECT_ID = 'INFISICAL_PROJECT_ID';

export const conflict = (message: string, hint?: string): SecretsRunError => new SecretsRunError('PROVISION_CONFLICT', message, { exitCode: 1, hint });

// What one run of provision knows as its steps go: each step reads what the earlier ones found and
// adds its own. `admin` is undefined only in a dry run without an admin token (nothing can be read).
export class ProvisionContext {
  readonly input: ProvisionInput;
  readonly options: ProvisionOptions;
  readonly pair: PairState;
  readonly steps: StepReport[] = [];
  readonly clients: RouteTrackingClient[] = [];
  readonly written: string[] = []; // env file keys written (or that a dry run would write)
  login: 'works' | 'refused' | 'not-tried' = 'not-tried'; // the env file's pair
  provisioned = false; // the env file's four log in and see their project: only the folders are ensured
  admin: RouteTrackingClient | undefined;
  organization: Organization | undefined; // known from bootstrap; otherwise looked up when needed
  project: { id: string; environments: string[] } | undefined;
  identity: Identity | undefined;
  clientId: string | undefined; // the identity's Universal Auth client id
  identityUpdates: EnvUpdate[] = []; // the pair to write (step 5)
  current: { name: StepName; subject: string; client?: RouteTrackingClient } = { name: 'admin bootstrap', subject: '' };
  #envText: string;

  constructor(input: ProvisionInput) {
    this.input = input;
    this.options = input.options;
    this.pair = pairState(input.envVars);
    this.#envText = input.envText ?? '';
  }

  get envVars(): Readonly<Record<string, string>> {
    return this.input.envVars;
  }

  connect(choice: AuthChoice): RouteTrackingClient {
    const client = this.input.connect(choice);
    this.clients.push(client);
    return client;
  }

  // Never shown from now on, by any client of this run.
  hide(secret: string): void {
    for (const client of this.clients) client.redactor.add(secret);
  }

  // The step now under way (a failure is reported as its), with a fresh deadline for its requests.
  begin(name: StepName, subject: string, client?: RouteTrackingClient): void {
    this.current = { name, subject, client };
    client?.begin(this.input.timeoutMs);
  }

  done(name: StepName, subject: string, result: StepResult, detail?: string): void {
    const step = stepReport(name, subject, result, detail);
    this.steps.push(step);
    this.input.report(step);
  }

  // Fills (or with `replace`, replaces) keys of the env file, written at once, 0600 and atomically;
  // a dry run only counts what it would write.
  saveEnv(updates: EnvUpdate[]): void {
    const merged = mergeEnvText(this.#envText, inOrder(updates));
    if (merged.written.length === 0) return;
    if (!this.options.dryRun) writeAdminFile(this.options.envFile, this.input.cwd, merged.text);
    this.#envText = merged.text;
    for (const key of merged.written) if (!this.written.includes(key)) this.written.push(key);
  }

  // The server's address and the project, filled only where the env file has nothing (with --force,
  // the project id replaced as well).
  placeUpdates(): EnvUpdate[] {
    const project = this.project?.id ?? (this.options.dryRun ? '(new)' : undefined);
    return [
      { key: ADDR, value: this.input.addr, replace: false },
      ...(project === undefined ? [] : [{ key: PROJECT_ID, value: project, replace: this.options.force }]),
    ];
  }
}

// The four in the order a reader expects them: where, who, the secret, which project.
const ORDER = [ADDR, CLIENT_ID, CLIENT_SECRET, PROJECT_ID];
const inOrder = (updates: EnvUpdate[]): EnvUpdate[] => [...updates].sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));

export const KEPT = "the env file's credentials log in";
