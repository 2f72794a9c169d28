/**
 * Lets tests wait until what a server recorded satisfies a predicate, woken by each change
 * instead of polling.
 */
export class Waiter<T> {
  readonly #listeners = new Set<() => void>();

  constructor(private readonly read: () => T) {}

  /** Wakes the waiters: call after every change to what `read` returns. */
  changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /**
   * Resolves with the current value once `predicate` holds for it; rejects after `timeoutMs`
   * with `what` and the last value in the message.
   */
  waitFor(predicate: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = this.read();
        if (!predicate(value)) return false;
        done();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; have ${JSON.stringify(this.read())}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      const listener = () => void check();
      this.#listeners.add(listener);
      check();
    });
  }
}
