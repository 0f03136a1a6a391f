import type { ChildEnd } from '../launch/exit-status.js';
import type { Refetched } from '../pipeline/refetch.js';
import { changedKeys, pollDelay, restartLine, watchedValues } from './watch-rules.js';

export interface WatchInput {
  keys: readonly string[]; // the planned keys
  started: Record<string, string>; // the environment the first command got
  poll: () => Promise<Refetched>;
  restart: (env: Record<string, string>) => Promise<boolean>;
  ended: Promise<ChildEnd>;
  intervalMs: number;
  debounceMs: number;
  stopSignal: string;
  stopTimeoutMs: number;
  say: { info(message: string): void; warn(message: string): void };
  random?: () => number;
}

type Tick<T> = { ended: true } | { ended: false; value: T };

// Polls until the run ends. A change is acted on only after a complete answer, and confirmed by a
// second complete one after the debounce, whose values the new command gets; a partial answer or an
// outage keeps the command as it is (one warning per outage, one line when it is over).
export const watchLoop = async (input: WatchInput): Promise<void> => {
  const { keys, poll, say } = input;
  const random = input.random ?? Math.random;
  let running = watchedValues(keys, input.started);
  let failures = 0;
  let outage = false;
  // Whatever it waits for, the run's end comes first: no timer or request outlives the command.
  const untilEnd = <T>(work: Promise<T>): Promise<Tick<T>> =>
    Promise.race([
      work.then((value) => ({ ended: false as const, value })),
      input.ended.then(
        () => ({ ended: true as const }),
        () => ({ ended: true as const }),
      ),
    ]);
  const sleep = async (ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const tick = await untilEnd(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))));
    clearTimeout(timer);
    return !tick.ended;
  };
  const ask = async (): Promise<Record<string, string> | undefined> => {
    const tick = await untilEnd(poll());
    if (tick.ended) return undefined;
    const result = tick.value;
    if (!result.complete) {
      failures++;
      if (!outage) say.warn(`warning: --watch: Infisical could not be read (${result.failure ?? 'unknown'}); the command keeps its values`);
      outage = true;
      return undefined;
    }
    if (outage) say.info('--watch: Infisical answers again');
    outage = false;
    failures = 0;
    return result.env;
  };
  // Every wait goes through untilEnd: the run's end returns from the next sleep, wherever it came.
  for (;;) {
    if (!(await sleep(pollDelay(input.intervalMs, failures, random)))) return;
    const seen = await ask();
    if (seen === undefined || changedKeys(running, watchedValues(keys, seen)).length === 0) continue;
    if (!(await sleep(input.debounceMs))) return;
    const settled = await ask();
    if (settled === undefined) continue;
    const changed = changedKeys(running, watchedValues(keys, settled));
    if (changed.length === 0) continue;
    say.info(restartLine(changed, input.stopSignal, input.stopTimeoutMs));
    if (!(await input.restart(settled))) return;
    running = watchedValues(keys, settled);
  }
};
