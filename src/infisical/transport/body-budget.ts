// The reply bytes a run holds at once, across every reply (so also the most one reply may hold): what
// bounds its memory, whatever a server sends (24 folders answered with 63 MB each drove the wrapper to
// 4 GB). A reply that would take the total past it is stopped, and what it held is given back, so the
// others can still arrive whole. A large listing's bytes stay counted until the planned keys have
// been taken from it. 32 MiB: parsing such a reply takes about three times that on its worker thread,
// and a root folder of 10,000 secrets is a few MB.
export const MAX_RUN_BODY_BYTES = 32 * 1024 * 1024;

export class BodyBudget {
  #held = 0;

  constructor(readonly max: number = MAX_RUN_BODY_BYTES) {}

  take(bytes: number): boolean {
    if (this.#held + bytes > this.max) return false;
    this.#held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.#held = Math.max(0, this.#held - bytes);
  }

  get held(): number {
    return this.#held;
  }
}
