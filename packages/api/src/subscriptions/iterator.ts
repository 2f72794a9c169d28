/** Most undelivered values a subscriber may fall behind by before it is dropped. */
export const MAX_BACKLOG = 1_000;

/** An async iterator fed by pushes, whose values already pushed and not yet taken can be taken at once. */
export interface PushIterator<T> extends AsyncIterableIterator<T> {
  /** The values pushed and not yet taken, in order (none left queued after). */
  takeQueued(): T[];
}

/**
 * An async iterator fed by pushes. Written by hand rather than as an async generator: a
 * generator parked on an await cannot be `return()`ed, so a client that disconnects while
 * nothing happens would leak its listener. Here `return()` unsubscribes at once, and so does the
 * source calling `end` (the iterator then completes once its queue is drained).
 */
export function pushIterator<T>(subscribe: (push: (value: T) => void, end: () => void) => () => void): PushIterator<T> {
  const queue: T[] = [];
  const waiting: ((result: IteratorResult<T>) => void)[] = [];
  let done = false;
  const finish = (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      unsubscribe();
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  };
  const unsubscribe = subscribe(
    (value) => {
      if (done) return;
      const resolve = waiting.shift();
      if (resolve) resolve({ value, done: false });
      else if (queue.length < MAX_BACKLOG) queue.push(value);
      else void finish();
    },
    () => void finish(),
  );
  return {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    takeQueued: () => queue.splice(0),
    return: finish,
    throw(error: unknown) {
      void finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * `source`'s values turned into views by `view`, a view equal (as JSON, or by `keyOf`) to the one
 * before left out: a subscriber told of a state is not told of it again when several events leave
 * it the same. Values already queued together (a new subscriber's catch-up, a burst) make one
 * view, the last one's: a view after an event holds what the events before it did, so the views
 * between are skipped rather than each read. `return()` closes `source` at once, even while a
 * view is awaited.
 */
export function changedViews<T, V>(
  source: AsyncIterator<T> & { takeQueued?(): T[] },
  view: (value: T) => Promise<V>,
  keyOf: (view: V) => string = (current) => JSON.stringify(current),
): AsyncIterableIterator<V> {
  let last: string | undefined;
  return {
    async next(): Promise<IteratorResult<V>> {
      for (;;) {
        const result = await source.next();
        if (result.done) return { value: undefined, done: true };
        const current = await view(source.takeQueued?.().at(-1) ?? result.value);
        const key = keyOf(current);
        if (key === last) continue;
        last = key;
        return { value: current, done: false };
      }
    },
    async return(): Promise<IteratorResult<V>> {
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * `missed` first, then `source`'s values that come after the last of them (`isAfter`): a
 * subscriber that read before subscribing is told what changed in between, once each, however the
 * live values overlap it. `return()` closes `source` at once.
 */
export function precededBy<T>(
  missed: readonly T[],
  source: AsyncIterator<T>,
  isAfter: (value: T, last: T) => boolean,
): AsyncIterableIterator<T> {
  const first = [...missed];
  const last = missed.at(-1);
  return {
    async next(): Promise<IteratorResult<T>> {
      if (first.length > 0) return { value: first.shift()!, done: false };
      for (;;) {
        const result = await source.next();
        if (result.done || last === undefined || isAfter(result.value, last)) return result;
      }
    },
    async return(): Promise<IteratorResult<T>> {
      first.length = 0;
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** `source`'s values that `keep` lets through, asked in order, once each (`keep` may keep state). */
export function keeping<T>(source: AsyncIterator<T>, keep: (value: T) => boolean): AsyncIterableIterator<T> {
  return {
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        const result = await source.next();
        if (result.done || keep(result.value)) return result;
      }
    },
    async return(): Promise<IteratorResult<T>> {
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
