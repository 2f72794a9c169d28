import { CommandContext } from './context.js';
import { parseOrThrow } from './validation.js';

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

/**
 * The decider with its context checked before each decision, so a caller's mistake cannot become
 * an event: a clock that is not a valid date, an actor whose role is not one of the six or whose id
 * is blank, or a key the context does not have, is `VALIDATION_FAILED` and decides nothing.
 * Every decider the domain exports is built with it.
 */
export function checkingContext<Command, Event, State>(
  decider: Decider<Command, Event, State>,
): Decider<Command, Event, State> {
  return {
    ...decider,
    decide(command, state, context) {
      parseOrThrow(CommandContext, context, 'command context');
      return decider.decide(command, state, context);
    },
  };
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
