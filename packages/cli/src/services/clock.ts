import { performance } from 'node:perf_hooks';

/** A process's clock for what it decides: see {@link anchoredClock}. */
export interface AnchoredClock {
  /** The current time: the reference's, as last read, carried forward by the monotonic clock; never earlier than an answer before. */
  readonly now: () => Date;
  /** Reads the reference again and anchors to it; rejects (keeping the anchor it had) when the reference cannot be read. */
  sync(): Promise<void>;
  /** Stops reading the reference again. */
  stop(): void;
}

/** How often a process reads the database's time again (drift between two hosts' clocks is slow). */
export const CLOCK_RESYNC_MS = 60_000;

/**
 * The time a process stamps on what it decides (a command's `now`, and so every event's `at`):
 * the reference's (PostgreSQL's, see `openDatabases`) as last read, carried forward by the
 * monotonic clock, not the host's wall clock. Why: the ticket's timers (reminders, auto-closes, SLA
 * targets) count from those stamps, so a host whose wall clock jumps hours ahead would push them
 * hours late (found by `support-engine chaos`, jumping an API's clock while an agent set a ticket
 * waiting on the customer). A wall-clock jump moves neither the monotonic clock nor the database's,
 * and `recorded_at` already comes from the database. Until the first read answers, the wall clock
 * of the moment the clock was made stands in; a read that fails keeps the last anchor. Reads at
 * once, then every `resyncMs` (every second until a first read answered; unref'd: it keeps no
 * process alive).
 */
export function anchoredClock(
  readReference: () => Promise<Date>,
  resyncMs: number = CLOCK_RESYNC_MS,
  onSyncError: (error: unknown) => void = () => {},
): AnchoredClock {
  let anchorMs = Date.now();
  let anchorMono = performance.now();
  let latestMs = 0;
  let synced = false;
  const now = () => {
    // Never backwards: a later read may anchor a few milliseconds earlier than time already told.
    latestMs = Math.max(latestMs, anchorMs + (performance.now() - anchorMono));
    return new Date(Math.round(latestMs));
  };
  const sync = async () => {
    const sent = performance.now();
    const reference = await readReference();
    const answered = performance.now();
    // The reference read its clock somewhere between sending and answering: the middle, on average.
    anchorMs = reference.getTime() + (answered - sent) / 2;
    anchorMono = answered;
    // What was told before the first read came from the wall clock: not a floor for the reference's time.
    if (!synced) latestMs = 0;
    synced = true;
  };
  // The first read at once; until one answers, again every second rather than every `resyncMs`.
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(
      () =>
        void sync()
          .catch(onSyncError)
          .finally(() => schedule(synced ? resyncMs : Math.min(resyncMs, 1_000))),
      delayMs,
    );
    timer.unref();
  };
  schedule(0);
  return {
    now,
    sync,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
