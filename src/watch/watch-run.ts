import { isatty } from 'node:tty';
import { environmentRoom } from '../launch/exec-limit.js';
import type { ChildEnd } from '../launch/exit-status.js';
import type { LaunchDeps, LaunchTarget, OutputFilter } from '../launch/spawn-child.js';
import { superviseChild } from '../launch/supervise.js';
import { poller } from '../pipeline/refetch.js';
import type { Env, Prepared } from '../pipeline/types.js';
import { watchLoop } from './watch-loop.js';

// A restart stops the command's whole process group, made for it only without a terminal (job
// control needs the command in the terminal's group). Windows has no process groups: `detached`
// there means a new console window, so the stop reaches the command alone.
export const ownGroupFor = (platform: NodeJS.Platform, onTerminal: boolean): boolean => platform !== 'win32' && !onTerminal;

export interface WatchRun {
  env: Env; // the inherited environment
  launch: LaunchDeps | undefined;
  target: LaunchTarget;
  prepared: Prepared;
  mask: OutputFilter | undefined;
  say: { info(message: string): void; warn(message: string): void };
}

// secrets-run --watch -- CMD: the command under a supervisor, Infisical asked again every interval,
// the command restarted when a value it gets changes. Ends with the command's status.
export const watchRun = async ({ env, launch, target, prepared, mask, say }: WatchRun): Promise<ChildEnd> => {
  const { settings } = prepared;
  const supervisor = await superviseChild(
    target,
    prepared.merge.env,
    { stopSignal: settings.stopSignal, stopTimeoutMs: settings.stopTimeoutMs, ownGroup: ownGroupFor(process.platform, isatty(0)), mask },
    launch,
  );
  const room = environmentRoom(target);
  const watching = watchLoop({
    keys: prepared.plan.map((entry) => entry.key),
    started: prepared.merge.env,
    poll: poller(prepared, env, room),
    restart: supervisor.restart,
    ended: supervisor.ended,
    intervalMs: settings.watchIntervalMs,
    debounceMs: settings.watchDebounceMs,
    stopSignal: settings.stopSignal,
    stopTimeoutMs: settings.stopTimeoutMs,
    say,
  });
  const end = await supervisor.ended;
  await watching;
  return end;
};
