import type { DeliveredEvent, InboxSnapshot } from '../contract.js';

/**
 * The workflow's view of its stream: which version it has applied, and events that arrived
 * ahead of a missing one. Each version is applied once and in order, so an event delivered
 * twice (a reactor restarted before its checkpoint moved, or an activity's own result followed
 * by the reactor's delivery) changes nothing.
 */
export class Inbox {
  #applied: number;
  readonly #pending = new Map<number, DeliveredEvent>();

  constructor(snapshot: InboxSnapshot = { applied: 0, pending: [] }) {
    this.#applied = snapshot.applied;
    for (const event of snapshot.pending) this.offer(event);
  }

  /** The last stream version applied. */
  get applied(): number {
    return this.#applied;
  }

  /** True when events wait to be applied. */
  get hasPending(): boolean {
    return this.#pending.size > 0;
  }

  /** Accepts an event unless its version was already applied or is already waiting. */
  offer(event: DeliveredEvent): void {
    if (event.version > this.#applied) this.#pending.set(event.version, event);
  }

  /** Removes and returns the events that continue the applied versions without a gap, in order. */
  takeReady(): DeliveredEvent[] {
    const ready: DeliveredEvent[] = [];
    for (let next = this.#pending.get(this.#applied + 1); next; next = this.#pending.get(this.#applied + 1)) {
      this.#pending.delete(next.version);
      this.#applied = next.version;
      ready.push(next);
    }
    return ready;
  }

  /** The versions missing before the earliest waiting event (inclusive bounds), or null. */
  gap(): { from: number; to: number } | null {
    if (this.#pending.size === 0) return null;
    const earliest = Math.min(...this.#pending.keys());
    return earliest > this.#applied + 1 ? { from: this.#applied + 1, to: earliest - 1 } : null;
  }

  /** The state to carry into the next run on continue-as-new. */
  snapshot(): InboxSnapshot {
    return { applied: this.#applied, pending: [...this.#pending.values()] };
  }
}
