/** Test support (not a test file): a support desk on a fresh database, commanded through the real deciders. */
import { type Actor, createDomainEventRegistry, type Decider, type EventSchemaRegistry } from '@support-engine/domain';
import { agentDecider } from '@support-engine/domain/agent';
import { articleDecider } from '@support-engine/domain/article';
import { chatDecider } from '@support-engine/domain/chat';
import { customerDecider } from '@support-engine/domain/customer';
import { customerActivityDecider } from '@support-engine/domain/proactive';
import { staffDecider } from '@support-engine/domain/staff';
import { ticketDecider } from '@support-engine/domain/ticket';
import { webhookDecider } from '@support-engine/domain/webhook';
import { createCommandHandler } from '@support-engine/eventstore';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { pino } from 'pino';
import type { DeliveryConfig } from '../config.js';
import { type DeliveryDb, deliveryDbOf } from '../outbox.js';
import { migrateDelivery } from '../schema.js';
import { runDeliveryService } from '../service.js';

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
  activity: customerActivityDecider,
  chat: chatDecider,
  article: articleDecider,
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
  /** Opens ticket `ticketId` as customer `customerId` (subject, description, channel by default). */
  openTicket(ticketId: string, customerId: string, fields?: Record<string, unknown>): Promise<void>;
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
  const run: Desk['run'] = async (category, id, command, actor) => {
    await handlers[category]!.handle({
      streamId: `${category}-${id}`,
      command,
      commandId: `cmd-${++n}`,
      context: { now: new Date(), actor },
    });
  };
  return {
    connectionString,
    store,
    db,
    registry,
    run,
    openTicket: (ticketId, customerId, fields = {}) =>
      run(
        'ticket',
        ticketId,
        {
          type: 'OpenTicket',
          data: { ticketId, customerId, subject: `Case ${ticketId}`, description: 'Help', channel: 'web', ...fields },
        },
        customer(customerId),
      ),
    close: () => store.close(),
  };
}

/**
 * A delivery configuration for tests: email to the catcher at `smtpPort`, webhooks signed with
 * `key` and allowed on loopback (as push is), each send timing out after `timeoutMs`, no push; `overrides` on top.
 */
export function testDeliveryConfig(
  { smtpPort, key, timeoutMs }: { smtpPort: number; key: Buffer; timeoutMs: number },
  overrides: Partial<DeliveryConfig> = {},
): DeliveryConfig {
  return {
    enabled: true,
    name: 'notifier',
    batchSize: 100,
    pollIntervalMs: 50,
    concurrency: 16,
    perRecipient: 4,
    leaseMs: timeoutMs * 4,
    email: {
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      from: 'Support <support@example.test>',
      messageIdDomain: 'example.test',
      timeoutMs,
      maxConnections: 2,
      dkim: null,
    },
    mailThreadKey: null,
    webhooks: { secretKey: key, timeoutMs, allowPrivate: true },
    allowPrivateWebhooks: true,
    allowPrivatePush: true,
    push: null,
    templates: undefined,
    helpCenterArticleUrl: null,
    emailConfirmation: null,
    ...overrides,
  };
}

/** Runs the delivery service (notifier and dispatchers) on the desk's database until `signal` aborts. */
export function runDeskDelivery(desk: Desk, config: DeliveryConfig, signal: AbortSignal): Promise<void> {
  const { store, db, connectionString } = desk;
  return runDeliveryService({ store, db, connectionString, config, logger: pino({ level: 'silent' }) }, signal);
}
