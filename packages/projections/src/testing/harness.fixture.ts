/** Integration-test harness (not a test file): a store and read models on a fresh database, and a support desk driving the real deciders. */
import { type Actor, createDomainEventRegistry, streamId } from '@support-engine/domain';
import {
  type AgentCommand,
  agentDecider,
  type HandOverCommand,
  type WorkKind,
  type WorkMode,
} from '@support-engine/domain/agent';
import { type ChatCommand, chatDecider } from '@support-engine/domain/chat';
import { type CustomerCommand, customerDecider } from '@support-engine/domain/customer';
import { parseTicketCommand, type TicketCommandInput, ticketDecider } from '@support-engine/domain/ticket';
import { type Checkpoint, createCommandHandler } from '@support-engine/eventstore';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import type { Kysely } from 'kysely';
import { createReadModelDb } from '../database.js';
import { migrateReadModels } from '../migrations.js';
import type { ReadModelTables } from '../schema.js';

export const T0 = new Date('2025-03-03T09:00:00.000Z');
export const SUPERVISOR: Actor = { id: 'supervisor-1', role: 'supervisor' };
export const SYSTEM: Actor = { id: 'automation', role: 'system' };
export const customer = (id: string): Actor => ({ id, role: 'customer' });
export const agent = (id: string): Actor => ({ id, role: 'agent' });

/** A migrated event store and read models on a fresh database; the store records the scenario clock's time. */
export interface Harness {
  readonly connectionString: string;
  readonly store: PostgresEventStore;
  readonly db: Kysely<ReadModelTables>;
  readonly desk: SupportDesk;
  close(): Promise<void>;
}

export async function createHarness(): Promise<Harness> {
  const connectionString = await createTestDatabase('projections');
  const clock = { now: T0 };
  const store = createPostgresEventStore({ connectionString, clock: () => clock.now, pollIntervalMs: 100 });
  await migrateEventStore(store.db);
  const db = createReadModelDb(connectionString);
  await migrateReadModels(db);
  return {
    connectionString,
    store,
    db,
    desk: new SupportDesk(store, clock),
    async close() {
      await db.destroy();
      await store.close();
    },
  };
}

/** Issues commands through the event store's command handler with the real deciders, at a scenario time. */
export class SupportDesk {
  readonly #registry = createDomainEventRegistry();
  readonly #tickets;
  readonly #chats;
  readonly #agents;
  readonly #customers;
  #commands = 0;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly clock: { now: Date },
  ) {
    const registry = this.#registry;
    this.#tickets = createCommandHandler({ store, decider: ticketDecider, registry });
    this.#chats = createCommandHandler({ store, decider: chatDecider, registry });
    this.#agents = createCommandHandler({ store, decider: agentDecider, registry });
    this.#customers = createCommandHandler({ store, decider: customerDecider, registry });
  }

  async ticket(input: TicketCommandInput, actor: Actor, at: Date): Promise<Checkpoint> {
    const command = parseTicketCommand(input);
    return this.#run(this.#tickets, streamId('ticket', command.data.ticketId), command, actor, at);
  }

  async chat(command: ChatCommand, actor: Actor, at: Date): Promise<Checkpoint> {
    return this.#run(this.#chats, streamId('chat', command.data.chatId), command, actor, at);
  }

  async agent(command: AgentCommand, actor: Actor, at: Date): Promise<Checkpoint> {
    return this.#run(this.#agents, streamId('agent', command.data.agentId), command, actor, at);
  }

  async customer(command: CustomerCommand, actor: Actor, at: Date): Promise<Checkpoint> {
    return this.#run(this.#customers, streamId('customer', command.data.customerId), command, actor, at);
  }

  /**
   * A hand-over as the engine does it: a slot reserved on the agent's stream, then the item
   * command. Returns the reservation id (give it back with {@link release}).
   */
  async handOver(
    agentId: string,
    item: { kind: WorkKind; id: string },
    mode: Exclude<WorkMode, 'resumed'>,
    command: HandOverCommand,
    actor: Actor,
    at: Date,
  ): Promise<string> {
    await this.#ensureRegistered(agentId, at);
    const itemVersion = (await this.store.readStream(streamId(item.kind, item.id))).length;
    const commandId = `hand-over-${++this.#commands}`;
    const reservationId = `${commandId}@${itemVersion}`;
    await this.agent(
      {
        type: 'ReserveWork',
        data: { agentId, reservationId, item, itemVersion, mode, handOver: { commandId, command } },
      },
      actor,
      at,
    );
    const stream = streamId(item.kind, item.id);
    if (item.kind === 'chat') await this.#run(this.#chats, stream, command as ChatCommand, actor, at, commandId);
    else await this.#run(this.#tickets, stream, parseTicketCommand(command), actor, at, commandId);
    return reservationId;
  }

  /** Scenarios name their agents freely: one that was never registered joins the team (offline) first. */
  async #ensureRegistered(agentId: string, at: Date): Promise<void> {
    const events = await this.store.readStream(streamId('agent', agentId));
    if (events.length > 0) return;
    await this.agent({ type: 'RegisterAgent', data: { agentId, name: agentId } }, SUPERVISOR, at);
  }

  /** Gives slots back, as the router does when their items end or move. */
  async release(agentId: string, reservationIds: string[], at: Date): Promise<Checkpoint> {
    return this.agent({ type: 'ReleaseWork', data: { agentId, reservationIds, cause: 'ended' } }, SYSTEM, at);
  }

  async #run<C>(
    handler: {
      handle(request: {
        streamId: string;
        command: C;
        context: { now: Date; actor: Actor };
        commandId: string;
      }): Promise<{ checkpoint: Checkpoint }>;
    },
    stream: string,
    command: C,
    actor: Actor,
    at: Date,
    commandId = `cmd-${++this.#commands}`,
  ): Promise<Checkpoint> {
    this.clock.now = at;
    const result = await handler.handle({ streamId: stream, command, context: { now: at, actor }, commandId });
    return result.checkpoint;
  }
}

const HOUR = 3_600_000;
export const hoursAfter = (start: Date, hours: number) => new Date(start.getTime() + hours * HOUR);

/**
 * A ticket's life: opened by its customer, handed to its agent, answered publicly (and with an
 * internal note), then — by `shape` — resolved (its slot given back), left waiting, or kept in
 * progress. Returns the last checkpoint.
 */
export async function ticketLife(
  desk: SupportDesk,
  spec: {
    id: string;
    customerId: string;
    agentId: string;
    subject: string;
    openedAt: Date;
    priority?: 'low' | 'normal' | 'high' | 'urgent';
    channel?: 'email' | 'web' | 'chat' | 'phone' | 'api';
    category?: string;
    replyAfterHours?: number;
    resolveAfterHours?: number;
    shape?: 'resolved' | 'waiting' | 'open';
    note?: string;
  },
): Promise<Checkpoint> {
  const { id, openedAt } = spec;
  const who = agent(spec.agentId);
  await desk.ticket(
    {
      type: 'OpenTicket',
      data: {
        ticketId: id,
        customerId: spec.customerId,
        subject: spec.subject,
        description: `Details about ${spec.subject}`,
        priority: spec.priority ?? 'normal',
        channel: spec.channel ?? 'web',
        ...(spec.category ? { category: spec.category } : {}),
      },
    },
    customer(spec.customerId),
    openedAt,
  );
  const reservation = await desk.handOver(
    spec.agentId,
    { kind: 'ticket', id },
    'assigned',
    { type: 'AssignTicket', data: { ticketId: id, agentId: spec.agentId } },
    SUPERVISOR,
    hoursAfter(openedAt, 0.1),
  );
  if (spec.note) {
    await desk.ticket(
      { type: 'ReplyToTicket', data: { ticketId: id, body: spec.note, visibility: 'internal' } },
      who,
      hoursAfter(openedAt, 0.2),
    );
  }
  const replyAt = hoursAfter(openedAt, spec.replyAfterHours ?? 0.5);
  const shape = spec.shape ?? 'resolved';
  let last = await desk.ticket(
    {
      type: 'ReplyToTicket',
      data: {
        ticketId: id,
        body: `Thanks for reporting ${spec.subject}`,
        ...(shape === 'waiting' ? { nextStatus: 'waiting_customer' as const } : {}),
      },
    },
    who,
    replyAt,
  );
  if (shape === 'resolved') {
    const resolvedAt = hoursAfter(openedAt, spec.resolveAfterHours ?? 2);
    last = await desk.ticket({ type: 'ChangeStatus', data: { ticketId: id, to: 'resolved' } }, who, resolvedAt);
    // A resolved ticket frees its agent's slot (the router's reaction).
    last = await desk.release(spec.agentId, [reservation], resolvedAt);
  }
  return last;
}
