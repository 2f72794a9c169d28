import type { EventSchemaRegistry } from '@support-engine/domain';
import type { EventStore } from '@support-engine/eventstore';

/** One stream's state as the log holds it now. */
export interface FoldedStream<State> {
  current(): Promise<State>;
}

/**
 * Folds one stream with `evolve`, keeping the folded state and reading only the events after it
 * on each call: one short query per decision that needs the stream as the log holds it (the SLA
 * configuration, the mailboxes), never a read model that may lag.
 */
export function createFoldedStream<State, Event>(
  store: EventStore,
  registry: EventSchemaRegistry,
  stream: string,
  initial: State,
  evolve: (state: State, event: Event) => State,
): FoldedStream<State> {
  let state = initial;
  let version = 0;
  return {
    async current() {
      const events = await store.readStream(stream, { fromVersion: version + 1 });
      for (const event of events) {
        // Calls may overlap: fold only what the state has not seen yet.
        if (event.streamVersion <= version) continue;
        state = evolve(state, registry.upcast(event) as Event);
        version = event.streamVersion;
      }
      return state;
    },
  };
}
