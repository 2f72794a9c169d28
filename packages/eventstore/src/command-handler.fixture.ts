/** Test helpers (not a test file): a counter decider with a maximum, and a store interceptor. */
import { type CommandContext, type Decider, DomainError, EventSchemaRegistry } from '@support-engine/domain';
import type { EventStore } from './port.js';

export type CounterCommand =
  | { type: 'increment'; data: { by: number } }
  | { type: 'touch'; data: Record<string, never> };
export type CounterEvent = { type: 'incremented'; data: { by: number } };
export interface CounterState {
  readonly count: number;
}

/** Increments up to `max`; beyond it `decide` refuses with INVALID_TRANSITION. `touch` decides nothing. */
export function counterDecider(max: number): Decider<CounterCommand, CounterEvent, CounterState> {
  return {
    initialState: { count: 0 },
    decide(command, state) {
      if (command.type === 'touch') return [];
      if (state.count + command.data.by > max) {
        throw new DomainError('INVALID_TRANSITION', `counter would pass ${max}`, { count: state.count });
      }
      return [{ type: 'incremented', data: { by: command.data.by } }];
    },
    evolve(state, event) {
      return { count: state.count + event.data.by };
    },
  };
}

/** `incremented` is at schema version 2; version 1 stored `{ amount }` instead of `{ by }`. */
export function counterRegistry(): EventSchemaRegistry {
  return new EventSchemaRegistry()
    .register('incremented', 2)
    .upcaster('incremented', 1, (data) => ({ by: (data as { amount: number }).amount }));
}

export const increment = (by = 1): CounterCommand => ({ type: 'increment', data: { by } });

export const context: CommandContext = {
  now: new Date('2025-03-01T09:00:00.000Z'),
  actor: { id: 'agent-7', role: 'agent' },
};

/** The store with its `append` replaced, to stage races, failures or count calls. */
export function interceptAppend(store: EventStore, append: EventStore['append']): EventStore {
  return {
    append,
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    hasReached: (...args) => store.hasReached(...args),
    subscribe: (...args) => store.subscribe(...args),
    close: () => store.close(),
  };
}
