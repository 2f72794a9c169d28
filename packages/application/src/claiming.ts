import { type Decider, type EventSchemaRegistry, fold } from '@support-engine/domain';
import {
  assertSameCommand,
  commandDigest,
  commandOutcome,
  type DomainEvent,
  type EventStore,
  type HandleRequest,
  type HandleResult,
  isConcurrencyError,
  type RecordedEvent,
} from '@support-engine/eventstore';

// What the writers that hold claims on other streams (article slugs and categories, customer
// emails) share: they decide against a stream as read, claim, then append at exactly that version.

/** A stream as read: its events, and the state and version they fold to. */
export interface FoldedStream<S> {
  readonly history: readonly RecordedEvent[];
  readonly state: S;
  readonly version: number;
}

/** Reads `stream` and folds it with `decider`. */
export async function readFolded<E, S>(
  store: EventStore,
  registry: EventSchemaRegistry,
  stream: string,
  decider: Decider<never, E, S>,
): Promise<FoldedStream<S>> {
  const history = await store.readStream(stream);
  const state = fold(
    decider,
    history.map((event) => registry.upcast(event) as E),
  );
  return { history, state, version: history.at(-1)?.streamVersion ?? 0 };
}

/**
 * What `request` wrote when `history` (its stream as read) already holds its command id, else
 * undefined. Other input under that id is refused, as the command handler refuses it on every
 * other stream: a repeat is only the same command.
 */
export function repeatedOutcome(
  history: readonly RecordedEvent[],
  request: HandleRequest<unknown>,
  registry: EventSchemaRegistry,
): HandleResult<DomainEvent> | undefined {
  const done = commandOutcome(history, request.commandId, registry);
  if (!done) return undefined;
  const { commandId, streamId } = request;
  const recorded = history.findLast((event) => event.metadata.commandId === commandId)?.metadata;
  assertSameCommand(commandId, streamId, commandDigest(request.command), {
    streamId,
    digest: recorded?.commandDigest,
  });
  return done;
}

/**
 * Runs `attempt` again while it meets a concurrency conflict (at most `maxAttempts` times), then,
 * whatever happened, `giveBack` what the holder does not hold now. A failed give-back leaves the
 * command's outcome standing: a claim left behind is settled by whoever next needs it, once the
 * holder has moved on or the claim's lease has lapsed.
 */
export async function attemptHoldingClaims<T>(
  maxAttempts: number,
  attempt: () => Promise<T>,
  giveBack: () => Promise<void>,
): Promise<T> {
  try {
    for (let attemptNumber = 1; ; attemptNumber++) {
      try {
        return await attempt();
      } catch (error) {
        if (!isConcurrencyError(error) || attemptNumber >= maxAttempts) throw error;
      }
    }
  } finally {
    await giveBack().catch(() => {
      // See above: the outcome stands.
    });
  }
}
