/**
 * A level-triggered wake-up signal for subscriptions. A reader notes the generation before it
 * reads and then waits "since" that generation, so a notification that arrives while it is
 * reading is never lost (an edge-triggered event emitter would drop it).
 */
export class Waker {
  #generation = 0;
  #waiters = new Set<() => void>();

  /** The current generation; pass it to {@link wait} after reading. */
  get generation(): number {
    return this.#generation;
  }

  /** Something changed: wakes every waiter. */
  notify(): void {
    this.#generation++;
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  /**
   * Resolves when a notification arrived after `since`, after `timeoutMs` (the polling
   * fallback), or when `signal` aborts, whichever comes first.
   */
  wait(since: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.#generation !== since || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.#waiters.add(done);
    });
  }
}
