import {
  type Actor,
  createDomainEventRegistry,
  type EventSchemaRegistry,
  pushSecretsMasked,
} from '@support-engine/domain';
import type {
  ChainBreak,
  Checkpoint,
  EventStore,
  IntegrityProblem,
  RecordedEvent,
  SealCoverage,
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
  /** Its place in the whole log (what verification names a bad event by), as a decimal string. */
  readonly globalPosition: string;
  /** The idempotency key of the command that wrote it, on the last event that command wrote. */
  readonly commandId: string | null;
  /** The request that wrote it (the API's `x-request-id`), on every event of that request. */
  readonly correlationId: string | null;
  readonly hash: string;
}

/**
 * A stream's history, oldest first: all of it, or with `asOf` the events recorded at or before
 * that instant. The actor and reason come from the event's own provenance (`data.actor`,
 * `data.reason`), falling back to the store's metadata for events written outside the domain, and
 * the reason then to the choice the event records (`escalationReason`, `closeReason`, `cause`,
 * the router's rule).
 */
export async function streamHistory(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  options: {
    readonly asOf?: Date;
    readonly registry?: EventSchemaRegistry;
    /** A page: the events from this version on (1 by default)... */
    readonly fromVersion?: number;
    /** ...up to this one. */
    readonly toVersion?: number;
  } = {},
): Promise<HistoryEntry[]> {
  const registry = options.registry ?? createDomainEventRegistry();
  const { asOf, fromVersion, toVersion } = options;
  const events = await store.readStream(streamId, {
    ...(asOf ? { asOf } : {}),
    ...(fromVersion === undefined ? {} : { fromVersion }),
    ...(toVersion === undefined ? {} : { toVersion }),
  });
  return events.map((event) => historyEntry(event, registry));
}

/** `lenient`: an altered event may no longer upcast, and the auditor still needs to see what is stored. */
function historyEntry(event: RecordedEvent, registry: EventSchemaRegistry, lenient = false): HistoryEntry {
  const data = (lenient ? upcastOrRaw(event, registry) : registry.upcast(event).data) as Record<string, unknown>;
  const provenanceActor = data.actor as Actor | undefined;
  const { actorId, actorRole } = event.metadata;
  const actor = provenanceActor ?? (actorId && actorRole ? ({ id: actorId, role: actorRole } as Actor) : null);
  const reason = typeof data.reason === 'string' ? data.reason : (event.metadata.reason ?? recordedWhy(data));
  return {
    streamId: event.streamId,
    version: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    at: typeof data.at === 'string' ? data.at : event.recordedAt.toISOString(),
    recordedAt: event.recordedAt,
    actor,
    reason,
    data: pushSecretsMasked(event.type, data),
    checkpoint: event.checkpoint,
    globalPosition: String(event.checkpoint.globalPosition),
    commandId: event.metadata.commandId ?? null,
    correlationId: event.metadata.correlationId ?? null,
    hash: event.hash,
  };
}

/** Fields where an event records its why as a choice rather than in words, most telling first. */
const WHY_FIELDS = ['escalationReason', 'closeReason', 'cause'] as const;

/**
 * The why of an event that gave no reason in words: its recorded choice (`complexity`, `spam`,
 * `inactivity`), or the router's rule for a routed assignment.
 */
function recordedWhy(data: Readonly<Record<string, unknown>>): string | null {
  for (const field of WHY_FIELDS) if (typeof data[field] === 'string') return data[field];
  const routing = data.routing as { rule?: unknown } | undefined;
  return typeof routing?.rule === 'string' ? `routed: ${routing.rule.replaceAll('_', ' ')}` : null;
}

/** The event store's verification (hash chain and seals), as the PostgreSQL adapter offers it. */
export interface ChainVerifier {
  verifyStream(streamId: string): Promise<StreamVerification>;
  verifyAllStreams(): Promise<StoreVerification>;
}

/** The first bad event of a stream: where it is, what is wrong, and what the chain or seal expected. */
export interface AlteredEvent {
  readonly streamId: string;
  readonly version: number;
  /** Its global position in the log (as stored, else as sealed); `null` when unknown. */
  readonly globalPosition: bigint | null;
  readonly problem: IntegrityProblem;
  /** What is wrong there, in one sentence. */
  readonly detail: string;
  /** The stored event at that version, if it is still there (a deleted one is not). */
  readonly event: HistoryEntry | null;
  readonly expectedHash: string;
  readonly actualHash: string;
}

/**
 * The outcome of verifying history: intact, or the first bad event of each bad stream; either way
 * how much of it seals cover (events after the last seal are "not yet sealed", not tampering).
 */
export type HistoryVerification = (
  | { readonly ok: true }
  | { readonly ok: false; readonly altered: readonly AlteredEvent[] }
) &
  SealCoverage;

/**
 * Verifies one stream (or every stream, and the log's sealed head) with the event store's
 * verifier and reports the first bad event of each bad stream, with its stored content.
 */
export async function verifyHistory(
  store: ChainVerifier & Pick<EventStore, 'readStream'>,
  streamId?: string,
  registry: EventSchemaRegistry = createDomainEventRegistry(),
): Promise<HistoryVerification> {
  const result = streamId === undefined ? await store.verifyAllStreams() : await store.verifyStream(streamId);
  const coverage = { unsealedEvents: result.unsealedEvents, lastSealedAt: result.lastSealedAt };
  const breaks: readonly ChainBreak[] = result.ok ? [] : 'breaks' in result ? result.breaks : [result];
  if (breaks.length === 0) return { ok: true, ...coverage };
  const altered: AlteredEvent[] = [];
  for (const broken of breaks) {
    const [stored] =
      broken.problem === 'bad_seal'
        ? []
        : await store.readStream(broken.streamId, {
            fromVersion: broken.firstBadVersion,
            toVersion: broken.firstBadVersion,
          });
    altered.push({
      streamId: broken.streamId,
      version: broken.firstBadVersion,
      globalPosition: broken.globalPosition,
      problem: broken.problem,
      detail: broken.detail,
      event: stored ? historyEntry(stored, registry, true) : null,
      expectedHash: broken.expected,
      actualHash: broken.actual,
    });
  }
  return { ok: false, altered, ...coverage };
}

function upcastOrRaw(event: RecordedEvent, registry: EventSchemaRegistry): unknown {
  try {
    return registry.upcast(event).data;
  } catch {
    return event.data;
  }
}
