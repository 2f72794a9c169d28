/**
 * Sends the wake-up NOTIFY after appends, outside the append transaction.
 *
 * Why not `pg_notify` inside `append_events`: a transaction that notifies holds a
 * cluster-wide lock from its commit until it ends, including the WAL flush, so every
 * notifying commit is serialised and group commit is lost (measured: ~0.1-0.2x the raw
 * INSERT throughput at 8 writers instead of ~0.4x). A NOTIFY in its own tiny transaction
 * has no WAL to flush. Notifications are coalesced and spaced by `minIntervalMs`: while one is
 * in flight or resting, any number of further appends cause exactly one more, so a busy writer
 * does not spend a pooled connection on NOTIFYs. A lost notification only costs latency, since
 * subscribers also poll.
 */
export class AppendNotifier {
  #inFlight: Promise<void> | undefined;
  #again = false;

  constructor(
    private readonly send: () => Promise<unknown>,
    private readonly minIntervalMs = 10,
  ) {}

  /** Requests a notification; returns at once. */
  notify(): void {
    if (this.#inFlight) {
      this.#again = true;
      return;
    }
    this.#inFlight = this.#drain();
  }

  /** Resolves once no notification is in flight (before closing the pool it uses). */
  async settled(): Promise<void> {
    await this.#inFlight;
  }

  async #drain(): Promise<void> {
    for (;;) {
      this.#again = false;
      // A failed NOTIFY is not an append failure: subscribers fall back to polling.
      await this.send().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, this.minIntervalMs));
      if (!this.#again) break;
    }
    this.#inFlight = undefined;
  }
}
