import {
  createDomainEventRegistry,
  DomainError,
  type EventSchemaRegistry,
  streamId as streamIdOf,
} from '@support-engine/domain';
import { ChatEvent, type ChatState, chatDecider } from '@support-engine/domain/chat';
import {
  TICKET_EVENT_TYPES,
  TICKET_STATE_VERSION,
  TicketEvent,
  type TicketState,
  ticketDecider,
} from '@support-engine/domain/ticket';
import type { EventStore, RecordedEvent } from '@support-engine/eventstore';
import type { Kysely } from 'kysely';
import { ReplayLimitError } from './errors.js';
import type { ReadModelTables } from './schema.js';

/** Every this many events of a ticket's stream, an as-of read saves the state it folded. */
export const SNAPSHOT_INTERVAL = 100;

/** How {@link ticketAsOf} and {@link chatAsOf} read (chats keep no snapshots). */
export interface AsOfOptions {
  /** Where saved states are looked up and written; without it, every read folds the whole stream. */
  readonly snapshots?: Kysely<ReadModelTables>;
  /** Most events the read may fold; beyond it, a {@link ReplayLimitError} before folding any. */
  readonly maxEvents?: number;
  /** Save a state every this many stream versions ({@link SNAPSHOT_INTERVAL} by default). */
  readonly interval?: number;
  readonly registry?: EventSchemaRegistry;
}

/** A ticket as it was at an instant, and how many events were folded to get it. */
export interface TicketAsOf {
  readonly state: TicketState;
  readonly replayed: number;
}

/** A state to fold on from: the stream version it stands at and the latest recording time in it. */
interface Start {
  readonly state: TicketState;
  readonly version: number;
  readonly recordedAt: Date;
}

/** A state worth saving, with the stored hash of the event at its version. */
interface Snapshot extends Start {
  readonly eventHash: string;
}

const EMPTY: Start = { state: null, version: 0, recordedAt: new Date(0) };

/**
 * The ticket as it was at `instant`: its stream as the store held it then (events recorded at
 * or before the instant), upcast, validated and folded with the domain's `ticketDecider.evolve`.
 * `state` is `null` when the ticket did not exist yet.
 *
 * With `snapshots`, it starts from the latest saved state that holds at the instant and folds
 * only the events after it, saving a state at every `interval` versions it passes. A saved state
 * is used only when it was folded by this code (same {@link ticketStateVersion}) and the stored
 * hash of its last event is still the one it was folded with; otherwise the whole stream is
 * folded, so the answer never depends on the cache.
 */
export async function ticketAsOf(
  store: Pick<EventStore, 'readStream'>,
  ticketId: string,
  instant: Date,
  options: AsOfOptions = {},
): Promise<TicketAsOf> {
  const { snapshots, maxEvents = Number.POSITIVE_INFINITY, interval = SNAPSHOT_INTERVAL } = options;
  const registry = options.registry ?? createDomainEventRegistry();
  const streamId = streamIdOf('ticket', ticketId);
  const stateVersion = ticketStateVersion(registry);
  const saved = snapshots ? await latestSnapshot(snapshots, streamId, stateVersion, instant) : null;
  const resumed = saved && (await resume(store, streamId, instant, saved));
  const { start, events } = resumed ?? { start: EMPTY, events: await store.readStream(streamId, { asOf: instant }) };
  if (events.length > maxEvents) throw new ReplayLimitError(streamId, events.length, maxEvents);

  let state = start.state;
  let recordedAt = start.recordedAt;
  // Only a gapless prefix of the stream may be saved: with recording times out of version order,
  // the events of an instant can skip one.
  let prefix: number | null = start.version;
  const toSave: Snapshot[] = [];
  for (const event of events) {
    state = ticketDecider.evolve(state, readable(TicketEvent, event, registry));
    if (event.recordedAt > recordedAt) recordedAt = event.recordedAt;
    prefix = prefix !== null && event.streamVersion === prefix + 1 ? event.streamVersion : null;
    if (prefix !== null && prefix % interval === 0) {
      toSave.push({ state, version: prefix, recordedAt, eventHash: event.hash });
    }
  }
  if (snapshots && toSave.length > 0) await saveSnapshots(snapshots, streamId, stateVersion, toSave);
  return { state, replayed: events.length };
}

/** A chat as it was at an instant, and how many events were folded to get it. */
export interface ChatAsOf {
  readonly state: ChatState;
  readonly replayed: number;
}

/**
 * The chat as it was at `instant`: its stream as the store held it then, upcast, validated and
 * folded with the domain's `chatDecider.evolve` (`state.status` is `none` when the chat did not
 * exist yet). Chats keep no snapshots: a conversation runs to tens of events, so the whole stream
 * is folded each time, within `maxEvents`.
 */
export async function chatAsOf(
  store: Pick<EventStore, 'readStream'>,
  chatId: string,
  instant: Date,
  options: Pick<AsOfOptions, 'maxEvents' | 'registry'> = {},
): Promise<ChatAsOf> {
  const { maxEvents = Number.POSITIVE_INFINITY } = options;
  const registry = options.registry ?? createDomainEventRegistry();
  const streamId = streamIdOf('chat', chatId);
  const events = await store.readStream(streamId, { asOf: instant });
  if (events.length > maxEvents) throw new ReplayLimitError(streamId, events.length, maxEvents);
  let state = chatDecider.initialState;
  for (const recorded of events) {
    state = chatDecider.evolve(state, readable(ChatEvent, recorded, registry));
  }
  return { state, replayed: events.length };
}

/**
 * The stored event, upcast and validated against `schema`: data that no longer matches it was
 * altered outside the engine, and the stream is refused as `HISTORY_INVALID`, never folded
 * into a state it never had.
 */
function readable<E>(
  schema: { safeParse(input: unknown): { success: true; data: E } | { success: false; error: Error } },
  event: RecordedEvent,
  registry: EventSchemaRegistry,
): E {
  const parsed = schema.safeParse({ type: event.type, data: registry.upcast(event).data });
  if (parsed.success) return parsed.data;
  throw new DomainError(
    'HISTORY_INVALID',
    `${event.streamId}@${event.streamVersion} (${event.type}) does not match its schema: the history was altered outside the engine; "audit verify" locates it`,
  );
}

/**
 * Names the code that folds ticket states: the domain's {@link TICKET_STATE_VERSION} and the
 * current schema version of every ticket event (a new upcaster changes what `evolve` is given).
 */
export function ticketStateVersion(registry: EventSchemaRegistry): string {
  return `${TICKET_STATE_VERSION}:${TICKET_EVENT_TYPES.map((type) => registry.currentVersion(type)).join('.')}`;
}

async function latestSnapshot(
  db: Kysely<ReadModelTables>,
  streamId: string,
  stateVersion: string,
  instant: Date,
): Promise<Snapshot | null> {
  const row = await db
    .selectFrom('ticket_snapshots')
    .select(['version', 'recorded_at', 'event_hash', 'state'])
    .where('stream_id', '=', streamId)
    .where('state_version', '=', stateVersion)
    .where('recorded_at', '<=', instant)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  // Written by saveSnapshots from a state evolve built (JSON-safe: instants are ISO strings).
  const state = row.state as TicketState;
  return { state, version: row.version, recordedAt: row.recorded_at, eventHash: row.event_hash };
}

/**
 * The events after a saved state, read together with the event it stands at; `null` when
 * that event's stored hash is no longer the saved one (the history was rewritten since).
 */
async function resume(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  instant: Date,
  saved: Snapshot,
): Promise<{ start: Start; events: RecordedEvent[] } | null> {
  const [last, ...events] = await store.readStream(streamId, { fromVersion: saved.version, asOf: instant });
  if (last?.streamVersion !== saved.version || last.hash !== saved.eventHash) return null;
  return { start: saved, events };
}

async function saveSnapshots(
  db: Kysely<ReadModelTables>,
  streamId: string,
  stateVersion: string,
  snapshots: readonly Snapshot[],
): Promise<void> {
  await db
    .insertInto('ticket_snapshots')
    .values(
      snapshots.map((snapshot) => ({
        stream_id: streamId,
        state_version: stateVersion,
        version: snapshot.version,
        recorded_at: snapshot.recordedAt,
        event_hash: snapshot.eventHash,
        state: JSON.stringify(snapshot.state),
      })),
    )
    // Concurrent reads may save the same state: the first one stays.
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}
