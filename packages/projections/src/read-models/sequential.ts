import type { DomainEvent, ProjectedEvent } from '../events.js';
import { batchedProjection, type Projection, type ReadModelTransaction } from '../projection.js';
import type { ReadModelTables } from '../schema.js';

/** A projection written as "apply each event, then settle what the batch touched". */
export interface SequentialProjectionSpec<E extends DomainEvent, Scope> {
  readonly name: string;
  readonly eventTypes: readonly E['type'][];
  readonly tables: readonly (keyof ReadModelTables & string)[];
  /** Fresh bookkeeping for one batch (e.g. the ids whose aggregates must be recomputed). */
  begin(): Scope;
  applyOne(trx: ReadModelTransaction, event: ProjectedEvent<E>, scope: Scope): Promise<void>;
  /** Runs once after the batch's events, in the same transaction. */
  end(trx: ReadModelTransaction, scope: Scope): Promise<void>;
}

/**
 * Builds a {@link Projection} whose batch work runs once per batch instead of once per event; a
 * single event is a batch of one. Only the articles projection is still written this way: its
 * rows carry columns PostgreSQL derives (text-search vectors, search heads selected from rows),
 * which an in-memory fold could not compute. Prefer the fold style (`fold.ts`).
 */
export function sequentialProjection<E extends DomainEvent, Scope>(
  spec: SequentialProjectionSpec<E, Scope>,
): Projection {
  return batchedProjection(spec, async (trx, events) => {
    const scope = spec.begin();
    for (const event of events) await spec.applyOne(trx, event as ProjectedEvent<E>, scope);
    await spec.end(trx, scope);
  });
}
