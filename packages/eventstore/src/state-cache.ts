import { LRUCache } from 'lru-cache';

/**
 * The command handler's in-process state cache: a bounded LRU of `(version, state)` per stream.
 *
 * The cache is only an optimisation, never a source of truth: a cached decision is appended with
 * the cached version as the exact expected version, so a stale entry (another process or handler
 * wrote since) makes the append fail with a conflict, and the handler then drops the entry and
 * reads the stream. Idempotency stays with the store: a command id it has seen makes the append
 * return the original result whatever the version. A cached decision that writes nothing or
 * throws is not trusted either (the command may be a retry whose original is already in the
 * state): the handler reads the stream and decides again there. Several handlers (or processes)
 * with separate caches on the same streams are therefore safe.
 */
export interface StateCacheOptions {
  /** Most streams kept; the least recently used one is dropped beyond that. A positive integer. */
  maxStreams: number;
}

/**
 * The cache the engine's processes give their command handlers: 10,000 streams each, a few
 * kilobytes of state per stream (a ticket's or a chat's state holds no messages).
 */
export const DEFAULT_STATE_CACHE: StateCacheOptions = { maxStreams: 10_000 };

/** A stream's version and the state its first `version` events fold to. */
export interface CachedStream<S> {
  readonly version: number;
  readonly state: S;
}

/** The streams' latest known states. Every entry is a consistent `(version, state)` pair; it may only be stale. */
export class StateCache<S> {
  readonly #entries: LRUCache<string, CachedStream<S>>;

  constructor({ maxStreams }: StateCacheOptions) {
    if (!Number.isSafeInteger(maxStreams) || maxStreams < 1) {
      throw new RangeError(`cache.maxStreams must be a positive integer, got ${String(maxStreams)}`);
    }
    this.#entries = new LRUCache({ max: maxStreams });
  }

  get(streamId: string): CachedStream<S> | undefined {
    return this.#entries.get(streamId);
  }

  /** Keeps the newer of the cached and the given entry (handles on one stream may finish out of order). */
  set(streamId: string, entry: CachedStream<S>): void {
    const current = this.#entries.peek(streamId);
    if (current === undefined || current.version <= entry.version) this.#entries.set(streamId, entry);
  }

  /** Drops the stream's entry if it is still `entry` (a newer one may have replaced it meanwhile). */
  delete(streamId: string, entry: CachedStream<S>): void {
    if (this.#entries.peek(streamId) === entry) this.#entries.delete(streamId);
  }

  /** Drops the stream's entry, whichever it is. */
  forget(streamId: string): void {
    this.#entries.delete(streamId);
  }
}
