/** Test support for the claiming writers' integration tests (not a test file): a store on a fresh database, and readings of it. */
import { type Actor, createDomainEventRegistry, type Decider, fold, isDomainError } from '@support-engine/domain';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { sql } from 'kysely';

/** The registry the tests read events with. */
export const registry = createDomainEventRegistry();

/** A migrated event store on a fresh database, recording `clock.now` as each event's time. */
export async function claimTestStore(prefix: string, clock: { now: Date }): Promise<PostgresEventStore> {
  const store = createPostgresEventStore({
    connectionString: await createTestDatabase(prefix),
    clock: () => clock.now,
  });
  await migrateEventStore(store.db);
  return store;
}

/** The state `decider` folds `stream` to. */
export async function foldedStream<E, S>(store: PostgresEventStore, stream: string, decider: Decider<never, E, S>) {
  const events = await store.readStream(stream);
  return fold(decider, events.map((event) => registry.upcast(event)) as E[]);
}

/** `ok`, the refusal's domain code, or the error as text. */
export const outcomeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (isDomainError(error) ? error.code : String(error)),
  );

/** How many events the store holds. */
export async function eventCount(store: PostgresEventStore): Promise<number> {
  const { rows } = await sql<{ count: string }>`select count(*) as count from events`.execute(store.db);
  return Number(rows[0]!.count);
}

/**
 * Records a claim as a command that claimed and died before appending to its holder leaves it:
 * `type` with `data` (the claim's own fields) by `actor` at `at`, first on `stream`.
 */
export async function leaveDeadClaim(
  store: PostgresEventStore,
  stream: string,
  claim: { type: string; data: Record<string, unknown>; actor: Actor; at: Date },
): Promise<void> {
  const { type, data, actor, at } = claim;
  await store.append(
    stream,
    [
      {
        type,
        data: { at: at.toISOString(), actor, ...data },
        schemaVersion: registry.currentVersion(type),
        metadata: { actorId: actor.id, actorRole: actor.role, commandId: `dead-claim:${stream}` },
      },
    ],
    { expectedVersion: 'no_stream' },
  );
}
