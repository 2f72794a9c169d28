import type { Checkpoint, EventStore, RecordedEvent } from '@support-engine/eventstore';
import type { Logger } from 'pino';
import { pushIterator } from './iterator.js';

/** Pause before the feed resubscribes after the store's subscription failed. */
const RETRY_MS = 1_000;

/**
 * One live subscription to the event log shared by every GraphQL subscriber of this server.
 * It starts with the first subscriber, from `startAt()` (where the read models stand, so nothing
 * a client has not seen yet is skipped), resumes after failures from the last event delivered,
 * and stops on {@link close}.
 */
export class LiveFeed {
  readonly #listeners = new Set<(event: RecordedEvent) => void>();
  readonly #enders = new Set<() => void>();
  readonly #abort = new AbortController();
  #running = false;
  #last: Checkpoint | null = null;

  constructor(
    private readonly store: Pick<EventStore, 'subscribe'>,
    private readonly startAt: () => Promise<Checkpoint>,
    private readonly logger: Logger,
  ) {}

  /** Events that pass `filter`, from now on, until the iterator is returned or the feed closed. */
  events(filter: (event: RecordedEvent) => boolean): AsyncIterableIterator<RecordedEvent> {
    return pushIterator((push, end) => {
      const listener = (event: RecordedEvent) => {
        if (filter(event)) push(event);
      };
      this.#listeners.add(listener);
      this.#enders.add(end);
      this.#ensureRunning();
      if (this.#abort.signal.aborted) queueMicrotask(end);
      return () => {
        this.#listeners.delete(listener);
        this.#enders.delete(end);
      };
    });
  }

  /**
   * Ends the shared subscription and every subscriber's iterator (server shutdown): a live
   * subscription never ends by itself, and the server waits for its response before it stops.
   */
  close(): void {
    this.#abort.abort();
    for (const end of [...this.#enders]) end();
  }

  #ensureRunning(): void {
    if (this.#running || this.#abort.signal.aborted) return;
    this.#running = true;
    void this.#run();
  }

  async #run(): Promise<void> {
    const { signal } = this.#abort;
    while (!signal.aborted) {
      try {
        const from = this.#last ?? (await this.startAt());
        await this.store.subscribe(from, (event) => this.#deliver(event), { signal });
      } catch (error) {
        this.logger.error({ err: error }, 'live event feed failed; resubscribing');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  #deliver(event: RecordedEvent): void {
    this.#last = event.checkpoint;
    for (const listener of this.#listeners) listener(event);
  }
}
