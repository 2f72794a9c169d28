/** The last value of a stream its caller's token outlived: the field resolves it to an error. */
export const EXPIRED: unique symbol = Symbol('token expired');

// setTimeout takes at most 2^31 - 1 ms (about 24.8 days); a later instant is reached in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `stream`'s values until `untilMs` (epoch ms), then {@link EXPIRED} once, then the end (the
 * source is closed at once). A value the source is still producing then is dropped: the caller
 * may no longer see it.
 */
export function endingAt<T>(stream: AsyncIterable<T>, untilMs: number): AsyncIterableIterator<T | typeof EXPIRED> {
  const source = stream[Symbol.asyncIterator]();
  let state: 'open' | 'expired' | 'done' = Date.now() >= untilMs ? 'expired' : 'open';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expire: (() => void) | undefined;
  const expiry = new Promise<void>((resolve) => {
    expire = resolve;
  });
  const arm = () => {
    const wait = untilMs - Date.now();
    if (wait <= 0) return expire?.();
    timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
  };
  if (state === 'open') arm();
  const close = async (): Promise<IteratorResult<T>> => {
    if (state !== 'done') {
      state = 'done';
      clearTimeout(timer);
      await source.return?.();
    }
    return { value: undefined, done: true };
  };
  return {
    async next(): Promise<IteratorResult<T | typeof EXPIRED>> {
      if (state === 'open') {
        const result = await Promise.race([source.next(), expiry.then(() => null)]);
        if (result !== null) {
          if (result.done) await close();
          return result;
        }
        state = 'expired';
      }
      if (state === 'expired') {
        await close();
        return { value: EXPIRED, done: false };
      }
      return { value: undefined, done: true };
    },
    return: close,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
