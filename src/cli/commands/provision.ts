import { randomBytes } from 'node:crypto';
import { parse } from 'dotenv';
import { SecretsRunError, usageError } from '../../errors.js';
import { adminClients } from '../../infisical/admin-client.js';
import { baseUrlProblem, parseBaseUrl } from '../../infisical/base-url.js';
import { scanAndPlan } from '../../pipeline/scan-and-plan.js';
import { readAdminFile } from '../../provision/admin-files.js';
import { provisionOptions } from '../../provision/provision-options.js';
import { runProvision, tokenFromFile } from '../../provision/run-provision.js';
import { sharedFolders } from '../../provision/shared-folders.js';
import { stepLine } from '../../provision/steps.js';
import { firstIn, type Flags } from '../../settings/options.js';
import { readSettings } from '../../settings/read-settings.js';
import { readBootstrap } from '../../sources/read-bootstrap.js';
import type { Io, Outcome } from '../io.js';
import type { Reporter } from '../reporter.js';

// secrets-run provision: a fresh (or half-provisioned) Infisical taken to a project, a machine identity
// that can log in, the folders the contracts' transports need, and the four bootstrap variables in the
// env file (docs/decisions.md, Provision). One stderr line per step; --format json: one object on
// stdout. Exit 0 done or already done, 1 a step failed or met a conflict, 125 usage or settings.
export const provisionCommand = async (io: Io, flags: Flags, reporter: Reporter): Promise<Outcome> => {
  const { settings, layers } = await readSettings(flags, io.env, io.cwd);
  const options = provisionOptions(flags, settings.envFiles);
  const envText = readAdminFile(options.envFile, io.cwd);
  const envVars = envText === undefined ? {} : parse(envText);
  const addr = readBootstrap(io.env, new Map(Object.entries(envVars).map(([name, value]) => [name, { value, file: options.envFile }]))).addr;
  if (addr === undefined) throw usageError(`INFISICAL_ADDR is not set (in the environment or ${options.envFile}): the server to provision`);
  const problem = baseUrlProblem(addr.value);
  if (problem !== undefined) throw new SecretsRunError('INFISICAL_CONFIG', `${addr.name} ${problem}`);
  const base = parseBaseUrl(addr.value)!;
  const clients = adminClients(base, io.env);
  if ('failure' in clients) throw clients.failure;

  const fromEnv = io.env['INFISICAL_ADMIN_TOKEN']?.trim();
  const fromFile = fromEnv ? undefined : tokenFromFile(options.adminTokenFile, io.cwd);
  const adminToken = fromEnv ? { token: fromEnv, from: 'INFISICAL_ADMIN_TOKEN' } : fromFile ? { token: fromFile, from: options.adminTokenFile } : undefined;
  const password = io.env['INFISICAL_ADMIN_PASSWORD'];
  const adminPassword = password ? { value: password, generated: false } : { value: randomBytes(24).toString('base64url'), generated: true };

  // The folders come from the same scan and plan a run makes: every transport with keys.
  const { scan, plan } = await scanAndPlan(settings, io.cwd, undefined, firstIn(layers, 'contracts') !== undefined);
  if (scan.problems.length > 0) reporter.warn(`warning: ${scan.problems.length} contract problem(s); 'secrets-run plan' lists them`);
  const folders = sharedFolders(plan);
  if (folders.length === 0) reporter.warn('warning: the contracts name no transport with keys: no folder to make');

  const json = options.format === 'json';
  const outcome = await runProvision({
    options,
    addr: addr.value,
    envText,
    envVars,
    adminToken,
    adminPassword,
    folders,
    timeoutMs: settings.timeoutMs,
    cwd: io.cwd,
    connect: clients.connect,
    // A failed step's words follow on the error line (with its code and hint): the step line names it.
    report: (step) =>
      step.result === 'failed' || step.result === 'conflict' ? reporter.error(stepLine({ ...step, detail: undefined })) : reporter.info(stepLine(step)),
    detail: (line) => reporter.detail(line),
  });
  if (json)
    io.stdout.write(
      JSON.stringify({
        dryRun: options.dryRun,
        envFile: options.envFile,
        steps: outcome.steps,
        written: outcome.written,
        ok: outcome.error === undefined,
        ...(outcome.error === undefined ? {} : { error: { code: outcome.error.code, message: outcome.error.message } }),
      }) + '\n',
    );
  if (outcome.error !== undefined) throw outcome.error;
  if (options.role === 'viewer') reporter.info('provision: the identity is a viewer: enough for run, not for seed --execute (needs member or admin)');
  return { status: 0 };
};
