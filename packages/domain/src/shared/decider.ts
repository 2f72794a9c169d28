import type { CommandContext } from './context.js';

/**
 * An event-sourced aggregate as three pure functions (the "decider" pattern).
 *
 * - `decide` returns the events a command produces, or throws a `DomainError` and produces none;
 * - `evolve` applies one event to the state and never fails for an event `decide` produced;
 * - `initialState` is the state of a stream that has no events yet.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  decide(command: Command, state: State, context: CommandContext): readonly Event[];
  evolve(state: State, event: Event): State;
}

/** Folds events into a state, starting from the decider's initial state. */
export function fold<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: Iterable<Event>,
  from: State = decider.initialState,
): State {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/**
 * Runs a command against past events in memory: the state the history folds to, the
 * events the command produces, and the state afterwards. Handy to embed the domain
 * without any store.
 */
export function runCommand<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  history: Iterable<Event>,
  command: Command,
  context: CommandContext,
): { readonly events: readonly Event[]; readonly state: State } {
  const before = fold(decider, history);
  const events = decider.decide(command, before, context);
  return { events, state: fold(decider, events, before) };
}
