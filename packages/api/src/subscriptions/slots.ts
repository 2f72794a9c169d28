import type { ApiConfig } from '../config.js';
import { ApiError } from '../errors/codes.js';

/**
 * The live subscriptions each connection (a WebSocket, or the HTTP request of an SSE stream) and
 * each caller hold, bounded by `config.subscriptions`: every one watches the live feed and may
 * read the read models on each change, so one client may not multiply that work at will.
 */
export class SubscriptionSlots {
  readonly #perCaller = new Map<string, number>();
  readonly #perConnection = new WeakMap<object, number>();

  constructor(private readonly limits: ApiConfig['subscriptions']) {}

  /**
   * Takes a slot of `caller` on `connection`, or refuses with `TOO_MANY_SUBSCRIPTIONS` when
   * either holds its most already. Returns what gives the slot back (once, however often called).
   */
  take(caller: string, connection: object): () => void {
    const { perSocket, perCaller } = this.limits;
    const onConnection = this.#perConnection.get(connection) ?? 0;
    if (onConnection >= perSocket)
      throw new ApiError('TOO_MANY_SUBSCRIPTIONS', `At most ${perSocket} subscriptions per socket`, {
        limit: perSocket,
      });
    const ofCaller = this.#perCaller.get(caller) ?? 0;
    if (ofCaller >= perCaller)
      throw new ApiError('TOO_MANY_SUBSCRIPTIONS', `At most ${perCaller} subscriptions per caller`, {
        limit: perCaller,
      });
    this.#perConnection.set(connection, onConnection + 1);
    this.#perCaller.set(caller, ofCaller + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#perConnection.set(connection, (this.#perConnection.get(connection) ?? 1) - 1);
      const left = (this.#perCaller.get(caller) ?? 1) - 1;
      if (left === 0) this.#perCaller.delete(caller);
      else this.#perCaller.set(caller, left);
    };
  }
}

/**
 * `stream` that calls `release` once it ends: run out, failed or returned (the client left).
 */
export function releasingOnEnd<T>(stream: AsyncIterable<T>, release: () => void): AsyncIterableIterator<T> {
  const source = stream[Symbol.asyncIterator]();
  return {
    async next() {
      try {
        const result = await source.next();
        if (result.done) release();
        return result;
      } catch (error) {
        release();
        throw error;
      }
    },
    async return() {
      release();
      return (await source.return?.()) ?? { value: undefined, done: true };
    },
    async throw(error: unknown) {
      release();
      if (source.throw) return source.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
