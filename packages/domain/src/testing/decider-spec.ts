import type { CommandContext } from '../shared/context.js';
import { type Decider, fold } from '../shared/decider.js';
import { type DomainError, type DomainErrorCode, isDomainError } from '../shared/errors.js';

/**
 * Given/when/then for any decider: given past events, when a command, then the events it
 * produces, or its refusal. Framework-free: a failed expectation throws an `AssertionError`-shaped
 * error (`actual`, `expected`), which test runners show as a diff.
 *
 * ```ts
 * deciderSpec(chatDecider)
 *   .given([started])
 *   .when({ type: 'AcceptChat', data: { chatId } }, { now, actor: agent })
 *   .thenEmits([{ type: 'ChatAccepted', data: { ... } }]);
 * ```
 */
export interface DeciderSpecification<Command, Event, State> {
  given(history: readonly Event[]): Given<Command, Event, State>;
}

/** A history, folded: what a command is decided against. */
export interface Given<Command, Event, State> {
  readonly state: State;
  when(command: Command, context: CommandContext): Then<Event, State>;
}

/** What a command does against the history. */
export interface Then<Event, State> {
  /** The events the command produces (throws its refusal). */
  events(): readonly Event[];
  /** Asserts the command produces exactly `expected`; returns the state after them. */
  thenEmits(expected: readonly Event[]): State;
  /** Asserts the command produces no event (an idempotent repeat, a timer with nothing to do). */
  thenNothing(): State;
  /** Asserts the command is refused with `code`; returns the refusal. */
  thenFails(code: DomainErrorCode): DomainError;
}

/** The given/when/then of `decider`, its commands typed as it takes them. */
export function deciderSpec<Command, Event, State>(
  decider: Decider<Command, Event, State>,
): DeciderSpecification<Command, Event, State>;
/** The given/when/then of `decider`; `parse` turns a command as written into one it decides (defaults applied). */
export function deciderSpec<Input, Command, Event, State>(
  decider: Decider<Command, Event, State>,
  parse: (input: Input) => Command,
): DeciderSpecification<Input, Event, State>;
export function deciderSpec<Input, Command, Event, State>(
  decider: Decider<Command, Event, State>,
  parse: (input: Input) => Command = (input) => input as unknown as Command,
): DeciderSpecification<Input, Event, State> {
  return {
    given(history) {
      // Every state is frozen before the decider sees it: a decide or evolve that changes the
      // state it is given throws here. Deciders must not (a command handler may keep states in
      // a cache and decide against them again).
      const frozen: Decider<Command, Event, State> = {
        ...decider,
        initialState: deepFreeze(decider.initialState),
        evolve: (state, event) => deepFreeze(decider.evolve(state, event)),
      };
      const state = deepFreeze(fold(frozen, history));
      return {
        state,
        when(input, context) {
          const decide = () => decider.decide(parse(input), state, context);
          // Expecting events, a refusal is a failed expectation too: shown as one, refusal against events.
          const decideExpecting = (expected: readonly Event[]) => {
            try {
              return decide();
            } catch (error) {
              if (!isDomainError(error)) throw error;
              throw assertionError(`the command was refused with ${error.code}: ${error.message}`, error, expected);
            }
          };
          return {
            events: decide,
            thenEmits(expected) {
              const events = decideExpecting(expected);
              assertEqual(events, expected, 'the command produced other events');
              return fold(frozen, events, state);
            },
            thenNothing() {
              const events = decideExpecting([]);
              assertEqual(events, [], 'the command produced events');
              return state;
            },
            thenFails(code) {
              let thrown: unknown;
              let produced: readonly Event[] | undefined;
              try {
                produced = decide();
              } catch (error) {
                thrown = error;
              }
              if (!isDomainError(thrown))
                throw assertionError(`expected a refusal with ${code}`, thrown ?? produced, code);
              assertEqual(thrown.code, code, `refused with ${thrown.code}: ${thrown.message}`);
              return thrown;
            },
          };
        },
      };
    },
  };
}

function assertEqual(actual: unknown, expected: unknown, message: string): void {
  if (canonical(actual) !== canonical(expected)) throw assertionError(message, actual, expected);
}

function assertionError(message: string, actual: unknown, expected: unknown): Error {
  return Object.assign(new Error(message), { name: 'AssertionError', actual, expected, showDiff: true });
}

/** JSON with sorted keys: events are plain data, and key order says nothing about them. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** `value` and everything reachable from it made read-only (in place); returns `value`. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
