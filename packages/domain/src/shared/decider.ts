import { CommandContext, type ContextSchema } from './context.js';
import { parseOrThrow } from './validation.js';

/**
 * An event-sourced aggregate as three pure functions (the "decider" pattern).
 *
 * - `decide` returns the events a command produces, or throws a `DomainError` and produces none;
 * - `evolve` applies one event to the state and never fails for an event `decide` produced;
 * - `initialState` is the state of a stream that has no events yet.
 *
 * `Context` is what `decide` is given besides the command: `now` and `actor` for every aggregate,
 * and what an aggregate adds in its own module (the ticket's `TicketCommandContext`).
 */
export interface Decider<Command, Event, State, Context extends CommandContext = CommandContext> {
  readonly initialState: State;
  decide(command: Command, state: State, context: Context): readonly Event[];
  evolve(state: State, event: Event): State;
}

/**
 * The decider with its context checked before each decision, so a caller's mistake cannot become
 * an event: a clock that is not a valid date, an actor whose role is not one of the six or whose id
 * is blank, or a key the context does not have, is `VALIDATION_FAILED` and decides nothing.
 * Every decider the domain exports is built with it, given its aggregate's context schema when it
 * extends the shared one.
 */
export function checkingContext<Command, Event, State, Context extends CommandContext = CommandContext>(
  decider: Decider<Command, Event, State, Context>,
  schema: ContextSchema<Context> = CommandContext as unknown as ContextSchema<Context>,
): Decider<Command, Event, State, Context> {
  return {
    ...decider,
    decide(command, state, context) {
      parseOrThrow(schema, context, 'command context');
      return decider.decide(command, state, context);
    },
  };
}

/** Folds events into a state, starting from the decider's initial state. */
export function fold<Command, Event, State, Context extends CommandContext>(
  decider: Decider<Command, Event, State, Context>,
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
export function runCommand<Command, Event, State, Context extends CommandContext>(
  decider: Decider<Command, Event, State, Context>,
  history: Iterable<Event>,
  command: Command,
  context: Context,
): { readonly events: readonly Event[]; readonly state: State } {
  const before = fold(decider, history);
  const events = decider.decide(command, before, context);
  return { events, state: fold(decider, events, before) };
}
