/** Test support (not a test file): an event store that behaves like another, but for the methods given. */
import type { EventStore } from '@support-engine/eventstore';

/** `store`, with `overrides` in place of its own methods (to delay, interfere or crash). */
export function wrapStore(store: EventStore, overrides: Partial<EventStore>): EventStore {
  return {
    append: store.append.bind(store),
    readStream: store.readStream.bind(store),
    readAll: store.readAll.bind(store),
    hasReached: store.hasReached.bind(store),
    subscribe: store.subscribe.bind(store),
    close: store.close.bind(store),
    ...overrides,
  };
}
