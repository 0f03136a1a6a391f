import { setMaxListeners } from 'node:events';

// One overall time limit for a piece of work (a fetch), which every request and every wait between
// tries listens to. A try may take all the time left; after a third of the deadline without an
// answer, an idempotent request is sent again beside it (transport/hedged.ts), so a hung connection
// still leaves room for another.
export class Deadline {
  readonly at: number;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly ms: number,
    private readonly now: () => number,
    listeners: number,
  ) {
    this.at = now() + ms;
    // Every request in flight and every wait listens: more than Node's default of 10 before it warns.
    setMaxListeners(listeners, this.#controller.signal);
    this.#timer = setTimeout(() => this.#controller.abort(), ms);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get passed(): boolean {
    return this.#controller.signal.aborted;
  }

  // As messages say it: "within 10 s".
  get seconds(): string {
    return `${Math.round(this.ms / 100) / 10} s`;
  }

  // The time a try may take: all that is left.
  remainingMs(): number {
    return Math.max(1, this.at - this.now());
  }

  // How long a try waits for its answer before a second copy goes out beside it.
  hedgeAfterMs(): number {
    return Math.min(30_000, Math.max(1000, Math.round(this.ms / 3)));
  }

  // Ends every request and wait now (nothing is left worth waiting for).
  abort(): void {
    this.#controller.abort();
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
