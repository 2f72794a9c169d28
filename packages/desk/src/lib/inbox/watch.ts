/**
 * Keeps one subscription per id of a changing set (the tickets on screen): `set(ids)` subscribes
 * the new ones with `subscribe` and ends those no longer in it; `close()` ends them all.
 *
 * With `settle` (ms), a set that drops ids given while the previous one is younger than that waits
 * until the sets stop changing for `settle` ms, and only the last one is applied: a list scrolled at speed
 * draws new rows at every frame, and a subscription started and ended for each row flying past
 * (a message each way on the socket, and the server's work) cost the frames their time.
 */
export function watchEach(subscribe: (id: string) => { unsubscribe(): void }, { settle = 0 } = {}) {
  const live = new Map<string, { unsubscribe(): void }>();
  let waiting: ReturnType<typeof setTimeout> | undefined;
  let lastSet = Number.NEGATIVE_INFINITY;
  const apply = (ids: Iterable<string>) => {
    const wanted = new Set(ids);
    for (const [id, subscription] of live)
      if (!wanted.has(id)) {
        subscription.unsubscribe();
        live.delete(id);
      }
    for (const id of wanted) if (!live.has(id)) live.set(id, subscribe(id));
  };
  return {
    set(ids: Iterable<string>) {
      const last = [...ids];
      const now = Date.now();
      const moving = waiting !== undefined || now - lastSet < settle;
      lastSet = now;
      clearTimeout(waiting);
      waiting = undefined;
      // A set that ends no subscription (the list filling as its first page is drawn) is applied
      // at once: only a moving view both drops and adds rows.
      const kept = new Set(last);
      if (!moving || [...live.keys()].every((id) => kept.has(id))) {
        apply(last);
        return;
      }
      waiting = setTimeout(() => {
        waiting = undefined;
        apply(last);
      }, settle);
    },
    close() {
      clearTimeout(waiting);
      waiting = undefined;
      for (const subscription of live.values()) subscription.unsubscribe();
      live.clear();
    },
  };
}

/** The stable code of a refused request (`extensions.code`), if the API gave one. */
export function errorCode(error: {
  graphQLErrors?: readonly { extensions?: Record<string, unknown> }[];
}): string | null {
  const code = error.graphQLErrors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : null;
}
