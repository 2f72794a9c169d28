import { performance } from 'node:perf_hooks';
import { relayTime } from '@support-engine/domain/chat';

/** One key's open interval: when it began (its last relay), what waits for its end, and the timer that ends it. */
interface Interval<T> {
  readonly lastRelayedAt: number;
  held: T | null;
  readonly timer: NodeJS.Timeout;
}

/**
 * Rate limits relays per key in this process, by the domain's rule ({@link relayTime}): the first
 * value of an interval goes out at once; later ones are held back, each replacing the one before,
 * and the last goes out when the interval ends (so the final state always arrives, at most one
 * interval late). A key is forgotten once an interval ends with nothing held.
 */
export class SignalThrottle<T> {
  readonly #intervals = new Map<string, Interval<T>>();

  /**
   * `relay` sends a value; a held-back value's failure goes to `onError`, nobody waiting for it.
   * `now` is a monotonic clock in milliseconds (the wall clock may jump).
   */
  constructor(
    private readonly relay: (value: T) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Relays `value` now (`true`) or holds it back until the key's interval ends (`false`). */
  async offer(key: string, intervalMs: number, value: T): Promise<boolean> {
    const open = this.#intervals.get(key);
    const now = this.now();
    if (open && relayTime(open.lastRelayedAt, now, intervalMs) > now) {
      open.held = value;
      return false;
    }
    this.#begin(key, intervalMs, now);
    await this.relay(value);
    return true;
  }

  /** Drops whatever is held back (server shutdown). */
  close(): void {
    for (const { timer } of this.#intervals.values()) clearTimeout(timer);
    this.#intervals.clear();
  }

  #begin(key: string, intervalMs: number, at: number): void {
    clearTimeout(this.#intervals.get(key)?.timer);
    const timer = setTimeout(() => this.#end(key, intervalMs), intervalMs).unref();
    this.#intervals.set(key, { lastRelayedAt: at, held: null, timer });
  }

  #end(key: string, intervalMs: number): void {
    const held = this.#intervals.get(key)?.held ?? null;
    if (held === null) {
      this.#intervals.delete(key);
      return;
    }
    this.#begin(key, intervalMs, this.now());
    this.relay(held).catch(this.onError);
  }
}
