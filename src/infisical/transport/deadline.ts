import { setMaxListeners } from 'node:events';

// One overall time limit for a piece of work (a fetch), which every request and every wait between
// tries listens to. Each try gets at most a third of it, so a hung request still leaves room to retry.
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

  // The time the next try may take.
  tryMs(): number {
    const perTry = Math.min(30_000, Math.max(1000, Math.round(this.ms / 3)));
    return Math.max(1, Math.min(perTry, this.at - this.now()));
  }

  // Ends every request and wait now (nothing is left worth waiting for).
  abort(): void {
    this.#controller.abort();
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
