import { type Checkpoint, compareCheckpoints, type EventStore, type RecordedEvent } from '@support-engine/eventstore';
import type { Logger } from 'pino';
import { MAX_BACKLOG, type PushIterator, pushIterator } from './iterator.js';

/** Pause before the feed resubscribes after the store's subscription failed. */
const RETRY_MS = 1_000;
/** Events a new subscriber's catch-up reads at a time. */
const CATCH_UP_PAGE = 250;
/**
 * Most events a new subscriber's catch-up reads: read models further behind are being rebuilt or
 * their projector is down, and a subscriber then hears only what comes after its catch-up (logged).
 * Half the backlog a subscriber may hold, so that a catch-up never drops the subscriber it serves.
 */
export const CATCH_UP_LIMIT = MAX_BACKLOG / 2;

/**
 * One live subscription to the event log shared by every GraphQL subscriber of this server.
 * It starts with the first subscriber, from `startAt()` (where the read models stand, so nothing
 * a client has not seen yet is skipped), resumes after failures from the last event delivered,
 * and stops on {@link close}.
 *
 * Each new subscriber is first told, from the log, of what the read models do not hold yet
 * (from `startAt()` again), then of what comes live. A client subscribes, then reads: a change
 * committed before it subscribed, which the projections had not applied yet, reaches it through
 * the subscription. Such a change may also be in the read, and is then told once more: a cue to
 * read again. What is still missed is a change projected between the client's read and the
 * subscription's start here (a read answered before the socket's subscribe arrived): the window
 * shrinks from the projections' whole lag to that moment, it does not close.
 */
export class LiveFeed {
  readonly #listeners = new Set<(event: RecordedEvent) => void>();
  readonly #enders = new Set<() => void>();
  readonly #abort = new AbortController();
  #running = false;
  #last: Checkpoint | null = null;

  constructor(
    private readonly store: Pick<EventStore, 'subscribe' | 'readAll'>,
    private readonly startAt: () => Promise<Checkpoint>,
    private readonly logger: Logger,
  ) {}

  /**
   * Events that pass `filter`: those the read models do not hold yet, then each new one, until
   * the iterator is returned or the feed closed. `filter` sees the events in log order, once each.
   */
  events(filter: (event: RecordedEvent) => boolean): PushIterator<RecordedEvent> {
    return pushIterator((push, end) => {
      // Live events wait here, unfiltered, while the catch-up reads the log before them.
      let held: RecordedEvent[] | null = [];
      // The catch-up read the log up to here: a live event at or before it was told already.
      let passed: Checkpoint | null = null;
      const tell = (event: RecordedEvent) => {
        if (passed !== null && compareCheckpoints(event.checkpoint, passed) <= 0) return;
        if (filter(event)) push(event);
      };
      const listener = (event: RecordedEvent) => {
        if (held) held.push(event);
        else tell(event);
      };
      this.#listeners.add(listener);
      this.#enders.add(end);
      this.#ensureRunning();
      if (this.#abort.signal.aborted) queueMicrotask(end);
      void this.#catchUp((event) => {
        if (filter(event)) push(event);
        passed = event.checkpoint;
      }).finally(() => {
        for (const event of held ?? []) tell(event);
        held = null;
      });
      return () => {
        this.#listeners.delete(listener);
        this.#enders.delete(end);
      };
    });
  }

  /** Reads the log from where the read models stand to its end (at most {@link CATCH_UP_LIMIT} events), in order. */
  async #catchUp(each: (event: RecordedEvent) => void): Promise<void> {
    try {
      let after = await this.startAt();
      for (let read = 0; read < CATCH_UP_LIMIT; ) {
        const page = await this.store.readAll(after, { limit: Math.min(CATCH_UP_PAGE, CATCH_UP_LIMIT - read) });
        for (const event of page) each(event);
        read += page.length;
        if (page.length < CATCH_UP_PAGE) return;
        after = page.at(-1)!.checkpoint;
      }
      this.logger.warn(
        { limit: CATCH_UP_LIMIT },
        'read models far behind the log: a new subscriber is told only of later events',
      );
    } catch (error) {
      this.logger.error({ err: error }, "a new subscriber's catch-up failed: it is told only of later events");
    }
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
