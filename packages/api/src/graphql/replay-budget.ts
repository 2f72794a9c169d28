/**
 * The events one request may still replay for past views (`ticket(asOf:)` and its messages, `chat(asOf:)`).
 * Replays run one after another, so aliased reads cannot each spend the whole budget at once.
 */
export class ReplayBudget {
  #left: number;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(limit: number) {
    this.#left = limit;
  }

  /**
   * Runs `work` once the replays before it are done, with the events left to it; what it
   * replayed is taken from the budget. `work` refuses (a `ReplayLimitError`) rather than replay
   * more than it is given.
   */
  spend<T>(work: (left: number) => Promise<{ readonly value: T; readonly replayed: number }>): Promise<T> {
    const run = this.#queue.then(async () => {
      const { value, replayed } = await work(this.#left);
      this.#left -= replayed;
      return value;
    });
    // A refused replay spends nothing and does not stop the next one.
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
