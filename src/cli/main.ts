import { earlyOutputLevel } from '../settings/settings.js';
import { trace } from '../util/trace.js';
import { cacheClearCommand } from './commands/cache.js';
import { exportCommand } from './commands/export.js';
import { planCommand } from './commands/plan.js';
import { runCommand } from './commands/run.js';
import type { Io, Outcome } from './io.js';
import { quickArgs } from './quick-args.js';
import { reportError } from './report-error.js';
import { createReporter } from './reporter.js';

export type { Io, Outcome } from './io.js';

declare const __SECRETS_RUN_VERSION__: string;
export const VERSION = typeof __SECRETS_RUN_VERSION__ === 'string' ? __SECRETS_RUN_VERSION__ : '0.0.0-dev';

// The one place that turns results and errors into output and an exit status.
export const main = async (io: Io): Promise<Outcome> => {
  let reporter = createReporter(() => io.stderr, { quiet: false, verbose: false }, io.env);
  try {
    const { command, flags } = quickArgs(io.argv) ?? (await import('../chunks/args-stage.js')).parseArgs(io.argv);
    trace('arguments parsed');
    reporter = createReporter(() => io.stderr, levelFrom(flags, io.env), io.env);
    switch (command.kind) {
      case 'help': {
        const { renderHelp } = await import('../chunks/help.js');
        io.stdout.write((await renderHelp(VERSION, (io.stdout as { columns?: number }).columns ?? 100, command.topic)) + '\n');
        return { status: 0 };
      }
      case 'version':
        io.stdout.write(VERSION + '\n');
        return { status: 0 };
      case 'plan':
        return await planCommand(io, flags, reporter);
      case 'export':
        return await exportCommand(io, flags, reporter);
      case 'seed':
        return await (await import('../chunks/seed-command.js')).seedCommand(io, flags, reporter);
      case 'provision':
        return await (await import('../chunks/provision-command.js')).provisionCommand(io, flags, reporter);
      case 'completion':
        io.stdout.write((await import('../chunks/completion.js')).completionScript(command.shell));
        return { status: 0 };
      case 'cache-clear':
        return cacheClearCommand(io);
      default:
        return await runCommand(io, command, flags, reporter);
    }
  } catch (error) {
    return { status: reportError(reporter, error) };
  }
};

// The settings' own quiet/verbose rule, known before they are read (an early error respects it too).
const levelFrom = earlyOutputLevel;
