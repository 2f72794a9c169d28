/** Test support (not a test file): a support desk on a fresh database, commanded through the real deciders. */
import {
  type Actor,
  agentDecider,
  createDomainEventRegistry,
  customerDecider,
  type Decider,
  type EventSchemaRegistry,
  staffDecider,
  ticketDecider,
  webhookDecider,
} from '@support-engine/domain';
import {
  createCommandHandler,
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore';
import { createTestDatabase } from '@support-engine/servers/testing';
import { type DeliveryDb, deliveryDbOf } from '../outbox.js';
import { migrateDelivery } from '../schema.js';

export const SUPERVISOR: Actor = { id: 'sue', role: 'supervisor' };
export const ADMIN: Actor = { id: 'ada', role: 'admin' };
export const SYSTEM: Actor = { id: 'automation', role: 'system' };
export const agent = (id: string): Actor => ({ id, role: 'agent' });
export const customer = (id: string): Actor => ({ id, role: 'customer' });

const DECIDERS = {
  ticket: ticketDecider,
  customer: customerDecider,
  staff: staffDecider,
  webhook: webhookDecider,
  agent: agentDecider,
} as const;

/** A migrated store and delivery tables, and a way to run any command against its stream. */
export interface Desk {
  readonly connectionString: string;
  readonly store: PostgresEventStore;
  readonly db: DeliveryDb;
  readonly registry: EventSchemaRegistry;
  /** Runs `command` on `<category>-<id>` as `actor`. */
  run(
    category: keyof typeof DECIDERS,
    id: string,
    command: { type: string; data: object },
    actor: Actor,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function createDesk(prefix: string): Promise<Desk> {
  const connectionString = await createTestDatabase(prefix);
  const store = createPostgresEventStore({ connectionString, maxConnections: 10, pollIntervalMs: 50 });
  await migrateEventStore(store.db);
  const db = deliveryDbOf(store.db);
  await migrateDelivery(db);
  const registry = createDomainEventRegistry();
  const handlers = Object.fromEntries(
    Object.entries(DECIDERS).map(([category, decider]) => [
      category,
      createCommandHandler({ store, registry, decider: decider as Decider<unknown, never, unknown> }),
    ]),
  );
  let n = 0;
  return {
    connectionString,
    store,
    db,
    registry,
    async run(category, id, command, actor) {
      await handlers[category]!.handle({
        streamId: `${category}-${id}`,
        command,
        commandId: `cmd-${++n}`,
        context: { now: new Date(), actor },
      });
    },
    close: () => store.close(),
  };
}
