/**
 * Keeps one subscription per id of a changing set (the tickets on screen): `set(ids)` subscribes
 * the new ones with `subscribe` and ends those no longer in it; `close()` ends them all.
 */
export function watchEach(subscribe: (id: string) => { unsubscribe(): void }) {
  const live = new Map<string, { unsubscribe(): void }>();
  return {
    set(ids: Iterable<string>) {
      const wanted = new Set(ids);
      for (const [id, subscription] of live)
        if (!wanted.has(id)) {
          subscription.unsubscribe();
          live.delete(id);
        }
      for (const id of wanted) if (!live.has(id)) live.set(id, subscribe(id));
    },
    close() {
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
