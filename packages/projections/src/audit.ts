import { type Actor, createDomainEventRegistry, type EventSchemaRegistry } from '@support-engine/domain';
import type {
  Checkpoint,
  EventStore,
  RecordedEvent,
  StoreVerification,
  StreamVerification,
} from '@support-engine/eventstore';

/** One entry of a stream's history: what happened, who did it, when and why. */
export interface HistoryEntry {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  /** When it happened, as the domain recorded it (`data.at`). */
  readonly at: string;
  /** When the store recorded it. */
  readonly recordedAt: Date;
  readonly actor: Actor | null;
  readonly reason: string | null;
  /** The event's data, upcast to the current schema version. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly checkpoint: Checkpoint;
  readonly hash: string;
}

/**
 * A stream's history, oldest first: all of it, or with `asOf` the events recorded at or before
 * that instant. The actor and reason come from the event's own provenance (`data.actor`,
 * `data.reason`), falling back to the store's metadata for events written outside the domain.
 */
export async function streamHistory(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  options: { readonly asOf?: Date; readonly registry?: EventSchemaRegistry } = {},
): Promise<HistoryEntry[]> {
  const registry = options.registry ?? createDomainEventRegistry();
  const events = await store.readStream(streamId, options.asOf ? { asOf: options.asOf } : {});
  return events.map((event) => historyEntry(event, registry));
}

/** `lenient`: an altered event may no longer upcast, and the auditor still needs to see what is stored. */
function historyEntry(event: RecordedEvent, registry: EventSchemaRegistry, lenient = false): HistoryEntry {
  const data = (lenient ? upcastOrRaw(event, registry) : registry.upcast(event).data) as Record<string, unknown>;
  const provenanceActor = data.actor as Actor | undefined;
  const { actorId, actorRole } = event.metadata;
  const actor = provenanceActor ?? (actorId && actorRole ? ({ id: actorId, role: actorRole } as Actor) : null);
  const reason = typeof data.reason === 'string' ? data.reason : (event.metadata.reason ?? null);
  return {
    streamId: event.streamId,
    version: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    at: typeof data.at === 'string' ? data.at : event.recordedAt.toISOString(),
    recordedAt: event.recordedAt,
    actor,
    reason,
    data,
    checkpoint: event.checkpoint,
    hash: event.hash,
  };
}

/** The event store's chain verification, as the PostgreSQL adapter offers it. */
export interface ChainVerifier {
  verifyStream(streamId: string): Promise<StreamVerification>;
  verifyAllStreams(): Promise<StoreVerification>;
}

/** The first altered event of a stream, with what the chain expected there. */
export interface AlteredEvent {
  readonly streamId: string;
  readonly version: number;
  /** The stored event at that version, if it is still there (a deleted one is not). */
  readonly event: HistoryEntry | null;
  readonly expectedHash: string;
  readonly actualHash: string;
}

/** The outcome of verifying history: intact, or the first altered event of each broken stream. */
export type HistoryVerification =
  | { readonly ok: true }
  | { readonly ok: false; readonly altered: readonly AlteredEvent[] };

/**
 * Verifies the hash chain of one stream (or of every stream) with the event store's verifier
 * and reports the first altered event of each broken stream, with its stored content.
 */
export async function verifyHistory(
  store: ChainVerifier & Pick<EventStore, 'readStream'>,
  streamId?: string,
  registry: EventSchemaRegistry = createDomainEventRegistry(),
): Promise<HistoryVerification> {
  const breaks =
    streamId === undefined ? await allBreaks(store) : [await store.verifyStream(streamId)].filter((v) => !v.ok);
  if (breaks.length === 0) return { ok: true };
  const altered: AlteredEvent[] = [];
  for (const broken of breaks) {
    if (broken.ok) continue;
    const [stored] = await store.readStream(broken.streamId, {
      fromVersion: broken.firstBadVersion,
      toVersion: broken.firstBadVersion,
    });
    altered.push({
      streamId: broken.streamId,
      version: broken.firstBadVersion,
      event: stored ? historyEntry(stored, registry, true) : null,
      expectedHash: broken.expected,
      actualHash: broken.actual,
    });
  }
  return { ok: false, altered };
}

async function allBreaks(store: ChainVerifier): Promise<StreamVerification[]> {
  const result = await store.verifyAllStreams();
  return result.ok ? [] : result.breaks.map((b) => ({ ok: false as const, ...b }));
}

function upcastOrRaw(event: RecordedEvent, registry: EventSchemaRegistry): unknown {
  try {
    return registry.upcast(event).data;
  } catch {
    return event.data;
  }
}
