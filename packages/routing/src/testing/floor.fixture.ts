/** Test support (not a test file): a support floor on a fresh PostgreSQL database, with the real handlers and hand-overs. */
import { createHandOvers, createWorkHandlers, type HandOvers, type WorkHandlers } from '@support-engine/application';
import { type Actor, createDomainEventRegistry, type EventSchemaRegistry } from '@support-engine/domain';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { sql } from 'kysely';
import { pino } from 'pino';
import { migrateRouting } from '../board-store.js';
import type { RouterConfig } from '../config.js';
import { createRouter } from '../router.js';
import { TEST_ROUTER } from './router-settings.fixture.js';

export const SUPERVISOR: Actor = { id: 'sue', role: 'supervisor' };
export const SYSTEM: Actor = { id: 'ops', role: 'system' };
export const agent = (id: string): Actor => ({ id, role: 'agent' });
export const customer = (id: string): Actor => ({ id, role: 'customer' });

/** A migrated store with the work handlers and hand-overs over it. */
export interface Floor {
  readonly connectionString: string;
  readonly store: PostgresEventStore;
  readonly registry: EventSchemaRegistry;
  readonly handlers: WorkHandlers;
  readonly handOvers: HandOvers;
  /** A command id never used before. */
  nextId(prefix: string): string;
  /** Registers agents, available, with the given chat capacity. */
  staff(ids: readonly string[], capacity: number): Promise<void>;
  startChat(chatId: string): Promise<void>;
  closeChat(chatId: string): Promise<void>;
  /** Runs the router in this process until `signal` aborts. */
  runRouter(signal: AbortSignal, config?: Partial<RouterConfig>): Promise<void>;
  /** The log's last global position. */
  head(): Promise<bigint>;
  close(): Promise<void>;
}

export async function createFloor(): Promise<Floor> {
  const connectionString = await createTestDatabase('routing');
  const store = createPostgresEventStore({ connectionString, maxConnections: 20, pollIntervalMs: 50 });
  await migrateEventStore(store.db);
  await migrateRouting(store.db);
  const registry = createDomainEventRegistry();
  const handlers = createWorkHandlers(store, registry);
  const clock = () => new Date();
  const handOvers = createHandOvers({ store, registry, handlers, clock });
  let n = 0;
  const nextId = (prefix: string) => `${prefix}-${++n}`;
  const context = (actor: Actor) => ({ now: clock(), actor });
  return {
    connectionString,
    store,
    registry,
    handlers,
    handOvers,
    nextId,
    async staff(ids, capacity) {
      for (const id of ids) {
        await handlers.agent.handle({
          streamId: `agent-${id}`,
          command: { type: 'RegisterAgent', data: { agentId: id, name: id, capacity } },
          commandId: nextId('register'),
          context: context(SUPERVISOR),
        });
        await handlers.agent.handle({
          streamId: `agent-${id}`,
          command: { type: 'SetAvailability', data: { agentId: id, availability: 'available' } },
          commandId: nextId('presence'),
          context: context(agent(id)),
        });
      }
    },
    async startChat(chatId) {
      await handlers.chat.handle({
        streamId: `chat-${chatId}`,
        command: { type: 'StartChat', data: { chatId, customerId: `cust-${chatId}` } },
        commandId: nextId('start'),
        context: context(customer(`cust-${chatId}`)),
      });
    },
    async closeChat(chatId) {
      await handlers.chat.handle({
        streamId: `chat-${chatId}`,
        command: { type: 'CloseChat', data: { chatId } },
        commandId: nextId('close'),
        context: context(SYSTEM),
      });
    },
    runRouter(signal, config = {}) {
      return createRouter({
        store,
        connectionString,
        registry,
        handlers,
        handOvers,
        config: { ...TEST_ROUTER, ...config },
        logger: pino({ level: process.env.ROUTING_TEST_LOG ?? 'silent' }),
        lockRetryMs: 50,
      }).run(signal);
    },
    async head() {
      const { rows } = await sql<{ head: string | null }>`select max(global_position) as head from events`.execute(
        store.db,
      );
      return BigInt(rows[0]?.head ?? 0);
    },
    close: () => store.close(),
  };
}
