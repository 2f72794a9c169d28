import type { Transaction } from 'kysely';
import type { ProjectedEvent } from './events.js';
import type { ReadModelTables } from './schema.js';

/** A transaction over the read models, as projections write in it. */
export type ReadModelTransaction = Transaction<ReadModelTables>;

/**
 * A read model fed by the event log. The projector hands it events in log order inside the
 * transaction that also advances its checkpoint, so whatever it writes commits together with
 * "these events are done" or not at all.
 */
export interface Projection {
  /** Unique, stable name: it keys the checkpoint and the advisory lock. */
  readonly name: string;
  /** The event types it applies; other known types only advance its checkpoint. */
  readonly eventTypes: ReadonlySet<string>;
  /** The tables it owns (and only it writes): what a rebuild compares. */
  readonly tables: readonly (keyof ReadModelTables & string)[];
  /** Applies one event. */
  apply(trx: ReadModelTransaction, event: ProjectedEvent): Promise<void>;
  /**
   * Applies a batch of events in log order; when present the projector calls it instead of
   * {@link apply}, so a projection can read and write each row once per batch.
   */
  applyBatch?(trx: ReadModelTransaction, events: readonly ProjectedEvent[]): Promise<void>;
  /** Empties its tables, for a replay from zero in place. Defaults to deleting every row of {@link tables}. */
  reset?(trx: ReadModelTransaction): Promise<void>;
}

/** What names a projection: {@link Projection.name}, the event types it applies and the tables it owns. */
export interface ProjectionIdentity {
  readonly name: string;
  readonly eventTypes: readonly string[];
  readonly tables: readonly (keyof ReadModelTables & string)[];
}

/** A {@link Projection} that applies batches with `applyBatch`; a single event is a batch of one. */
export function batchedProjection(
  identity: ProjectionIdentity,
  applyBatch: (trx: ReadModelTransaction, events: readonly ProjectedEvent[]) => Promise<void>,
): Projection {
  return {
    name: identity.name,
    eventTypes: new Set(identity.eventTypes),
    tables: identity.tables,
    apply: (trx, event) => applyBatch(trx, [event]),
    applyBatch,
  };
}
